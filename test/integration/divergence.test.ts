/**
 * A training that diverges is recorded, not fatal: the result is stored with status 'diverged' and the reason, its
 * probes are skipped (each named), the schema and semantic checks accept it, and the run of other experiments goes
 * on. The rule itself (lib/divergence.ts) is checked on literal numbers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findArtifact, parseResult, runStatus } from '../../src/lib/schema';
import { initBackend } from '../../src/compute/backend/index';
import { suite } from '../../src/compute/suite/experiments';
import { executeInProcess, type Outcome } from '../../src/compute/suite/execute';
import { makeDataLoaders } from '../../src/compute/suite/datasets';
import { ResultStore } from '../../src/compute/suite/store';
import { configHash } from '../../src/compute/suite/hash';
import type { RunContext } from '../../src/compute/suite/context';
import type { Experiment, RunConfig } from '../../src/compute/suite/config';
import { divergenceReason, FACTOR } from '../../src/lib/divergence';
import { makeFashionMnistDir } from '../helpers/fixtures';

describe('the divergence rule', () => {
  it('flags a non-finite loss, and a finite one above FACTOR × the initial loss, and nothing below', () => {
    expect(divergenceReason(NaN, 2.3)).toMatch(/not finite/);
    expect(divergenceReason(Infinity, 2.3)).toMatch(/not finite/);
    expect(divergenceReason(1e6, 2.3)).toBe(`training loss 1.000e+6 exceeded ${FACTOR}× the first mini-batch's loss (2.300)`);
    expect(divergenceReason(FACTOR * 2.3 * 0.99, 2.3)).toBeNull();
    // The committed data's worst spike (ResNet-20 replicate 3: 3.23 after epoch 1, from about 2.3) is not divergence.
    expect(divergenceReason(3.23, 2.3)).toBeNull();
    expect(divergenceReason(50, null)).toBeNull();
  });
});

describe('a diverging experiment in a run', () => {
  let outDir: string;
  let outcomes: Outcome[];
  let lines: string[];

  beforeAll(async () => {
    const dataDir = makeFashionMnistDir();
    outDir = mkdtempSync(path.join(tmpdir(), 'landscape-diverge-'));
    const backend = await initBackend('cpu');
    lines = [];
    const ctx: RunContext = {
      backend,
      reporter: { task: () => () => {}, log: (l) => lines.push(l) },
      data: makeDataLoaders({ 'fashion-mnist': dataDir }),
      codeVersion: 'test',
      packages: {},
      outDir,
      flushIntervalMs: 0,
    };
    const base = suite('quick').find((e) => e.id === 'mlp-surface') as Experiment & { config: RunConfig };
    const blowUp: Experiment = { ...base, id: 'mlp-blowup', config: { ...base.config, train: { ...base.config.train, lr: 1e5 } } };
    const jobs = [blowUp, base].map((experiment) => ({ experiment, cost: 1, after: [] as string[] }));
    const hashes = new Map([blowUp, base].map((e) => [e.id, configHash(e.config)]));
    outcomes = await executeInProcess(jobs, hashes, ctx, new ResultStore(outDir), { onStart: () => {}, onDone: () => {} });
  }, 180_000);

  it('stores the diverged run with its status, reason and skipped probes, and goes on with the next', () => {
    const file = path.join(outDir, 'mlp-blowup.json');
    const result = parseResult(readFileSync(file, 'utf8'), file);
    const status = runStatus(result);
    expect(status.state).toBe('diverged');
    if (status.state !== 'diverged') return;
    expect(status.reason).toMatch(/^the training diverged in epoch 1: training loss (became (NaN|Infinity)|[\d.e+]+ exceeded 10×)/);
    expect(status.skipped.map((s) => s.probe)).toEqual(['surface']);
    expect(result.artifacts.map((a) => a.kind)).toEqual(['training']);
    const training = findArtifact(result, 'training');
    expect(training.diverged).toBe(true);
    expect(training.divergence?.reason).toBeTruthy();
    expect(training.convergence?.met).toBe(false);

    const o = outcomes.find((x) => x.id === 'mlp-blowup')!;
    expect(o.error).toBeUndefined();
    expect(o.diverged).toBe(status.reason);
    expect(lines.some((l) => l.startsWith('mlp-blowup: DIVERGED'))).toBe(true);
    const next = outcomes.find((x) => x.id === 'mlp-surface')!;
    expect(next.error).toBeUndefined();
    expect(runStatus(parseResult(readFileSync(path.join(outDir, 'mlp-surface.json'), 'utf8'), 'mlp-surface.json')).state).toBe('ok');
  });
});
