/**
 * --jobs N: experiments computed in N worker processes give the same numbers as one process (the epoch timings
 * aside), the interpolation waits for the trainings it reuses instead of training them again, and the manifest
 * lists every result.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseManifest, parseResult, type ExperimentResult } from '../../src/lib/schema';
import { makeFashionMnistDir } from '../helpers/fixtures';
import { runCompute } from '../helpers/cli';

const ONLY = 'batch-sgd-small,batch-sgd-large,interp-sgd,width-16';
let dataDir: string;
const dirs: Record<number, string> = {};
const outputs: Record<number, string> = {};

const load = (dir: string, id: string): ExperimentResult => parseResult(readFileSync(path.join(dir, `${id}.json`), 'utf8'), id);
/** Everything computed, without wall-clock fields. */
const numbers = (r: ExperimentResult) => JSON.stringify(r.artifacts, (k, v) => (k === 'seconds' ? undefined : v));

beforeAll(() => {
  dataDir = makeFashionMnistDir();
  for (const jobs of [1, 2]) {
    dirs[jobs] = mkdtempSync(path.join(tmpdir(), `landscape-jobs${jobs}-`));
    const r = runCompute(['--profile', 'quick', '--backend', 'wasm', '--data', dataDir, '--only', ONLY, '--jobs', String(jobs), '--out', dirs[jobs]]);
    outputs[jobs] = r.output;
    if (r.code !== 0) throw new Error(r.output);
  }
}, 240_000);

describe('--jobs', () => {
  it('gives bit-identical artifacts with 1 and 2 processes', () => {
    for (const id of ONLY.split(',')) expect(numbers(load(dirs[2], id)), id).toBe(numbers(load(dirs[1], id)));
  });

  it('ran on two workers and trained each network once', () => {
    expect(outputs[2]).toContain('running on 2 worker processes');
    expect(outputs[2]).toMatch(/\[job 1\]/);
    expect(outputs[2]).toMatch(/\[job 2\]/);
    // The interpolation's two trainings are the batch runs': reused from the weights cache, never retrained.
    expect(outputs[2]).toMatch(/interp-sgd \(SGD, batch 64\): reusing trained weights/);
    expect(outputs[2]).toMatch(/interp-sgd \(SGD, batch 2048\): reusing trained weights/);
  });

  it('writes a manifest listing every result', () => {
    const manifest = parseManifest(readFileSync(path.join(dirs[2], 'manifest.json'), 'utf8'), 'manifest.json');
    const files = readdirSync(dirs[2]).filter((f) => f.endsWith('.json') && f !== 'manifest.json');
    expect(manifest.experiments.map((e) => e.file).sort()).toEqual(files.sort());
    expect(files).toHaveLength(4);
  });

  it('rejects a --jobs that is not a positive whole number, naming the option', () => {
    const r = runCompute(['--profile', 'quick', '--data', dataDir, '--only', 'width-16', '--jobs', '0', '--out', dirs[1]]);
    expect(r.code).toBe(2);
    expect(r.output).toContain("--jobs: '0'");
  });
});
