/**
 * The suite's promises about finished work: kill -9 mid-surface loses only unpersisted points and the rerun computes
 * exactly the missing ones; two shards merged equal one whole run, bit for bit on the same backend.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseResult } from '../../src/lib/schema';
import { readChecked } from '../../src/compute/suite/checked';
import { makeFashionMnistDir } from '../helpers/fixtures';
import { ROOT, runCompute } from '../helpers/cli';

let dataDir: string;
let wholeDir: string;
const common = () => ['--profile', 'quick', '--backend', 'wasm', '--data', dataDir, '--only', 'mlp-surface*'];

function artifactsOf(dir: string, id: string) {
  const file = path.join(dir, `${id}.json`);
  const r = parseResult(readFileSync(file, 'utf8'), file);
  return { hash: r.provenance.hash, artifacts: r.artifacts.filter((a) => a.kind !== 'training'), training: r.artifacts.find((a) => a.kind === 'training') };
}

function stripSeconds(training: any) {
  return { ...training, epochs: training.epochs.map((e: any) => ({ ...e, seconds: 0 })) };
}

beforeAll(() => {
  dataDir = makeFashionMnistDir();
  wholeDir = mkdtempSync(path.join(tmpdir(), 'landscape-whole-'));
  const r = runCompute([...common(), '--out', wholeDir]);
  if (r.code !== 0) throw new Error(r.output);
});

describe('resume after kill -9', () => {
  it('completes, computing exactly the points that were missing, with the same numbers as an uninterrupted run', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'landscape-kill-'));
    const partialDir = path.join(out, '.partial');
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'run.mjs'), 'src/compute/cli.ts', ...common(), '--only', 'mlp-surface', '--out', out], {
      cwd: ROOT,
      env: { ...process.env, LANDSCAPE_FLUSH_MS: '0', LANDSCAPE_POINT_DELAY_MS: '40' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise((r) => child.once('exit', r));
    // Wait until some, but not all, grid points are persisted, then kill -9.
    const persisted = () => {
      if (!existsSync(partialDir)) return 0;
      const f = readdirSync(partialDir).find((n) => n.startsWith('mlp-surface-') && n.endsWith('.json'));
      if (!f) return 0;
      const r = readChecked(path.join(partialDir, f));
      return r?.ok ? Object.keys(JSON.parse(r.payload.toString('utf8')).points.surface ?? {}).length : 0;
    };
    const deadline = Date.now() + 60_000;
    while (persisted() < 15 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited;
    const before = persisted();
    expect(before, stderr).toBeGreaterThanOrEqual(15);
    expect(before).toBeGreaterThanOrEqual(15);
    expect(before).toBeLessThan(81);
    expect(existsSync(path.join(out, 'mlp-surface.json'))).toBe(false);

    const rerun = runCompute([...common(), '--only', 'mlp-surface', '--out', out]);
    expect(rerun.code, rerun.output).toBe(0);
    expect(rerun.output).toMatch(/\[resumes\]/);
    expect(rerun.output).toMatch(/reusing trained weights/);
    const m = rerun.output.match(/surface: computed (\d+) points, reused (\d+)/)!;
    expect(Number(m[2])).toBe(before);
    expect(Number(m[1])).toBe(81 - before);
    const resumed = artifactsOf(out, 'mlp-surface');
    const whole = artifactsOf(wholeDir, 'mlp-surface');
    expect(resumed.hash).toBe(whole.hash);
    expect(resumed.artifacts).toEqual(whole.artifacts);
    // Finished: no progress file is left behind.
    expect(readdirSync(partialDir).filter((n) => n.endsWith('.json'))).toEqual([]);
  });
});

describe('shards', () => {
  it('two shards plus merge give the same results as one run, bit for bit', () => {
    const a = mkdtempSync(path.join(tmpdir(), 'landscape-shard0-'));
    const b = mkdtempSync(path.join(tmpdir(), 'landscape-shard1-'));
    const merged = mkdtempSync(path.join(tmpdir(), 'landscape-merged-'));
    const r0 = runCompute([...common(), '--out', a, '--shard', '0/2']);
    const r1 = runCompute([...common(), '--out', b, '--shard', '2'], { SLURM_ARRAY_TASK_ID: '1' });
    expect(r0.code, r0.output).toBe(0);
    expect(r1.code, r1.output).toBe(0);
    const idsA = readdirSync(a).filter((f) => f.endsWith('.json') && f !== 'manifest.json');
    const idsB = readdirSync(b).filter((f) => f.endsWith('.json') && f !== 'manifest.json');
    expect(idsA.length).toBe(1);
    expect(idsB.length).toBe(1);
    expect(idsA).not.toEqual(idsB);
    const m = runCompute(['merge', a, b, '--out', merged]);
    expect(m.code, m.output).toBe(0);
    for (const id of ['mlp-surface', 'mlp-surface-seed2']) {
      const x = artifactsOf(merged, id);
      const y = artifactsOf(wholeDir, id);
      expect(x.hash).toBe(y.hash);
      expect(x.artifacts).toEqual(y.artifacts);
      expect(stripSeconds(x.training)).toEqual(stripSeconds(y.training));
    }
    const manifest = JSON.parse(readFileSync(path.join(merged, 'manifest.json'), 'utf8'));
    expect(manifest.experiments.map((e: any) => e.id)).toEqual(['mlp-surface', 'mlp-surface-seed2']);
  });

  it('rejects a bad shard spec with a usage message', () => {
    const r = runCompute([...common(), '--shard', '3/2', '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--shard: index 3 is not in 0..1/);
  });
});
