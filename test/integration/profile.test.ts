/**
 * The whole quick profile, once, on generated data: every experiment kind and probe runs and is stored, and the
 * pieces agree with each other where they must (shared trainings, trajectory endpoints).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findArtifact, parseManifest, parseResult, type ExperimentResult } from '../../src/lib/schema';
import { suite } from '../../src/compute/suite/experiments';
import { makeFashionMnistDir } from '../helpers/fixtures';
import { runCompute } from '../helpers/cli';

let out: string;
let run: ReturnType<typeof runCompute>;
const read = (id: string): ExperimentResult => {
  const file = path.join(out, `${id}.json`);
  return parseResult(readFileSync(file, 'utf8'), file);
};

beforeAll(() => {
  out = mkdtempSync(path.join(tmpdir(), 'landscape-profile-'));
  run = runCompute(['--profile', 'quick', '--backend', 'wasm', '--data', makeFashionMnistDir(), '--out', out]);
}, 300_000);

describe('quick profile', () => {
  it('computes every experiment of the suite', () => {
    expect(run.code, run.output).toBe(0);
    const manifest = parseManifest(readFileSync(path.join(out, 'manifest.json'), 'utf8'), 'manifest.json');
    expect(manifest.experiments.map((e) => e.id).sort()).toEqual(suite('quick').map((e) => e.id).sort());
    expect(run.output).toMatch(/summary \(wasm/);
  });

  it('shares trainings: the interpolation at α = 0 and 1 reproduces the two runs’ own final losses', () => {
    const interp = findArtifact(read('interp-sgd'), 'curve1d');
    const small = findArtifact(read('batch-sgd-small'), 'training').epochs.at(-1)!;
    const large = findArtifact(read('batch-sgd-large'), 'training').epochs.at(-1)!;
    const at = (a: number) => interp.x.findIndex((x) => Math.abs(x - a) < 1e-9);
    expect(at(0)).toBeGreaterThanOrEqual(0);
    expect(interp.metrics.trainLoss[at(0)]!).toBeCloseTo(small.trainLoss!, 5);
    expect(interp.metrics.trainLoss[at(1)]!).toBeCloseTo(large.trainLoss!, 5);
    expect(interp.metrics.testAccuracy[at(1)]!).toBeCloseTo(large.testAccuracy, 6);
    expect(run.output).toMatch(/interp-sgd \(SGD, batch 64\): reusing trained weights/);
  });

  it('stores trajectories that end at the final weights, with their PCA-plane surface around the path', () => {
    const r = read('batch-sgd-small');
    const t = findArtifact(r, 'trajectory');
    expect(t.x.length).toBeGreaterThanOrEqual(3);
    expect(Math.hypot(t.x.at(-1)!, t.y.at(-1)!)).toBeLessThan(1e-4);
    expect(t.explainedVariance[0]).toBeGreaterThanOrEqual(t.explainedVariance[1]);
    expect(t.explainedVariance[0] + t.explainedVariance[1]).toBeLessThanOrEqual(1 + 1e-9);
    const s = findArtifact(r, 'surface2d', t.surface);
    expect(s.basis).toBe('pca');
    expect(s.x[0]).toBeLessThanOrEqual(Math.min(...t.x));
    expect(s.x.at(-1)!).toBeGreaterThanOrEqual(Math.max(...t.x));
    expect(findArtifact(r, 'histogram').counts.reduce((a, b) => a + b, 0)).toBe(784 * 128 + 128 * 10);
  });

  it('the 1D curve through the minimizer is lowest near α = 0 on the training loss', () => {
    const c = findArtifact(read('batch-sgd-small'), 'curve1d');
    const i0 = c.x.findIndex((x) => Math.abs(x) < 1e-9);
    const ends = [c.metrics.trainLoss[0]!, c.metrics.trainLoss.at(-1)!];
    expect(c.metrics.trainLoss[i0]!).toBeLessThan(Math.min(...ends));
  });
});
