/**
 * Fault injection against the compute step, as a hostile user would try it (issue #11): each case is a regression
 * test that what was computed is never lost or silently wrong, and that every failure is a message naming what to
 * fix (never a stack trace), with exit code 2 for usage errors. Quick profile, wasm, generated Fashion-MNIST-shaped data.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseResult } from '../../src/lib/schema';
import { encodeIdx } from '../../src/compute/data/idx';
import { readChecked, writeChecked } from '../../src/compute/suite/checked';
import { makeFashionMnistDir, syntheticImages } from '../helpers/fixtures';
import { ROOT, runCompute } from '../helpers/cli';

let dataDir: string;
let baseDir: string;
const common = (out: string, only = 'mlp-surface') => ['--profile', 'quick', '--backend', 'wasm', '--jobs', '1', '--data', dataDir, '--only', only, '--out', out];
const STACK = /\n\s+at /;

const tmp = (name: string) => mkdtempSync(path.join(tmpdir(), `landscape-fault-${name}-`));
function copyOf(dir: string, name: string): string {
  const d = tmp(name);
  cpSync(dir, d, { recursive: true });
  return d;
}
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
}
const artifactsOf = (dir: string, id = 'mlp-surface') => {
  const file = path.join(dir, `${id}.json`);
  return parseResult(readFileSync(file, 'utf8'), file).artifacts.filter((a) => a.kind !== 'training');
};
const partialFile = (dir: string) => {
  const p = path.join(dir, '.partial');
  const f = existsSync(p) ? readdirSync(p).find((n) => n.startsWith('mlp-surface-') && n.endsWith('.json')) : undefined;
  return f ? path.join(p, f) : undefined;
};
function persistedPoints(dir: string): number {
  const f = partialFile(dir);
  const r = f ? readChecked(f) : null;
  return r?.ok ? Object.keys(JSON.parse(r.payload.toString('utf8')).points.surface ?? {}).length : 0;
}

/** Start a run, wait until `minPoints` grid points are persisted, send `signal`; resolves with what happened. */
async function interrupt(out: string, signal: NodeJS.Signals, { only = 'mlp-surface', jobs = '1', minPoints = 10 } = {}) {
  const args = [...common(out, only)];
  args[args.indexOf('--jobs') + 1] = jobs;
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'run.mjs'), 'src/compute/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, LANDSCAPE_FLUSH_MS: '0', LANDSCAPE_POINT_DELAY_MS: '60' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<{ code: number | null; at: number }>((r) => child.once('exit', (code) => r({ code, at: performance.now() })));
  const deadline = Date.now() + 120_000;
  while (persistedPoints(out) < minPoints && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const sentAt = performance.now();
  child.kill(signal);
  const { code, at } = await exited;
  return { code, output, stopMs: at - sentAt, kept: persistedPoints(out) };
}

beforeAll(() => {
  dataDir = makeFashionMnistDir();
  baseDir = tmp('base');
  const r = runCompute(common(baseDir, 'mlp-surface*'));
  if (r.code !== 0) throw new Error(r.output);
}, 120_000);

describe('merge', () => {
  it('refuses to overwrite a result of another config in the target, names it, and writes nothing', () => {
    const target = copyOf(baseDir, 'merge-target');
    const source = copyOf(baseDir, 'merge-source');
    const file = path.join(source, 'mlp-surface.json');
    const other = JSON.parse(readFileSync(file, 'utf8'));
    other.provenance.hash = 'f'.repeat(64);
    other.provenance.finishedAt = '2099-01-01T00:00:00.000Z';
    writeFileSync(file, JSON.stringify(other));
    const before = snapshot(target);
    const r = runCompute(['merge', source, '--out', target]);
    expect(r.code, r.output).toBe(1);
    expect(r.stderr).toContain(`${path.join(target, 'mlp-surface.json')} (config`);
    expect(r.stderr).toMatch(/hold another config than the merged one; nothing was written/);
    expect(r.stderr).not.toMatch(STACK);
    expect(snapshot(target)).toEqual(before);

    const forced = runCompute(['merge', source, '--out', target, '--force']);
    expect(forced.code, forced.output).toBe(0);
    expect(forced.output).toMatch(/--force: replaced 1 result\(s\) of another config: mlp-surface/);
    expect(JSON.parse(readFileSync(path.join(target, 'mlp-surface.json'), 'utf8')).provenance.hash).toBe('f'.repeat(64));
  });

  it('requires --out, and names a file given as a folder', () => {
    const noOut = runCompute(['merge', baseDir]);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/merge: --out DIR is required/);
    const file = runCompute(['merge', path.join(baseDir, 'mlp-surface.json'), '--out', tmp('merge-file')]);
    expect(file.code).toBe(1);
    expect(file.stderr).toMatch(/mlp-surface\.json: is a file, not a folder/);
    expect(file.stderr).not.toMatch(STACK);
  });
});

describe('signals', () => {
  it('SIGINT mid-surface: exits 130 within 2 s, says what was kept, and the rerun resumes from it', async () => {
    const out = tmp('sigint');
    const r = await interrupt(out, 'SIGINT');
    expect(r.code, r.output).toBe(130);
    expect(r.stopMs).toBeLessThan(2000);
    expect(r.output).toMatch(/interrupted \(SIGINT\): no result finished in this run/);
    expect(r.output).toMatch(new RegExp(`mlp-surface: kept (finished probes [^;]*; )?${r.kept} point\\(s\\) of surface`));
    expect(r.kept).toBeGreaterThanOrEqual(10);
    expect(r.kept).toBeLessThan(81);

    const rerun = runCompute(common(out));
    expect(rerun.code, rerun.output).toBe(0);
    expect(rerun.output).toContain(`surface: computed ${81 - r.kept} points, reused ${r.kept}`);
    expect(artifactsOf(out)).toEqual(artifactsOf(baseDir));
  });

  it('SIGTERM to the parent of two workers: forwarded, exits 143 within 2.5 s, progress kept', async () => {
    const out = tmp('sigterm');
    const r = await interrupt(out, 'SIGTERM', { only: 'mlp-surface*', jobs: '2' });
    expect(r.code, r.output).toBe(143);
    expect(r.stopMs).toBeLessThan(2500);
    expect(r.output).toMatch(/interrupted \(SIGTERM\)/);
    expect(r.kept).toBeGreaterThanOrEqual(10);
    // No worker is left behind writing: the progress file does not change after the parent exited.
    const file = partialFile(out)!;
    const mtime = statSync(file).mtimeMs;
    await new Promise((res) => setTimeout(res, 500));
    expect(statSync(file).mtimeMs).toBe(mtime);
  });
});

describe('caches are checked, not trusted', () => {
  it('a flipped byte in cached weights is reported, discarded and trained again, giving the right result', () => {
    const out = copyOf(baseDir, 'weights');
    rmSync(path.join(out, 'mlp-surface.json'));
    const weightsDir = path.join(out, '.partial', 'weights');
    for (const f of readdirSync(weightsDir)) {
      const bytes = readFileSync(path.join(weightsDir, f));
      bytes[bytes.length - 7] ^= 0x40;
      writeFileSync(path.join(weightsDir, f), bytes);
    }
    const r = runCompute(common(out));
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/warning: .*weights\/[0-9a-f]+\.bin: checksum mismatch .*; discarded/);
    expect(r.output).not.toMatch(/reusing trained weights/);
    expect(artifactsOf(out)).toEqual(artifactsOf(baseDir));
  });

  it('--force ignores cached weights', () => {
    const out = copyOf(baseDir, 'force');
    const r = runCompute([...common(out), '--force']);
    expect(r.code, r.output).toBe(0);
    expect(r.output).not.toMatch(/reusing trained weights/);
    expect(r.output).toMatch(/mlp-surface: trained/);
  });

  it('a hand-edited grid point, or one outside the grid, is discarded and recomputed', async () => {
    const out = tmp('edited');
    const r = await interrupt(out, 'SIGKILL');
    expect(r.kept).toBeGreaterThanOrEqual(10);
    const file = partialFile(out)!;
    const edited = copyOf(out, 'edited-bytes');
    const editedFile = path.join(edited, '.partial', path.basename(file));
    const raw = readFileSync(editedFile, 'utf8');
    // One digit of a stored point changed (same length: only the checksum can tell).
    const at = raw.indexOf('"surface":{') + 20;
    const digit = raw.slice(at).search(/[1-8]/) + at;
    writeFileSync(editedFile, raw.slice(0, digit) + String(Number(raw[digit]) + 1) + raw.slice(digit + 1));
    const a = runCompute(common(edited));
    expect(a.code, a.output).toBe(0);
    expect(a.output).toMatch(/warning: .*\.partial\/mlp-surface-[0-9a-f]+\.json: checksum mismatch/);
    expect(a.output).toContain('surface: computed 81 points, reused 0');
    expect(artifactsOf(edited)).toEqual(artifactsOf(baseDir));

    // A well-formed, checksummed file whose point does not fit the grid: reported, the grid recomputed (this used
    // to fail every rerun, blaming a result file that did not exist).
    const current = readChecked(file);
    if (!current?.ok) throw new Error(`${file}: expected an intact progress file`);
    const state = JSON.parse(current.payload.toString('utf8'));
    state.points.surface['500'] = [1, 0.5, 1, 0.5];
    writeChecked(file, JSON.stringify(state));
    const b = runCompute(common(out));
    expect(b.code, b.output).toBe(0);
    expect(b.output).toMatch(/point surface\[500\] does not fit a grid of 81 points/);
    expect(b.output).toContain('surface: computed 81 points, reused 0');
    expect(artifactsOf(out)).toEqual(artifactsOf(baseDir));
  });
});

describe('the manifest is derived from the result files', () => {
  it('repairs a manifest that misses a result (a kill between two renames) or lists one that is gone', () => {
    const out = copyOf(baseDir, 'manifest');
    const file = path.join(out, 'manifest.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    const ghost = { ...manifest.experiments[0], id: 'ghost', file: 'ghost.json' };
    manifest.experiments = [manifest.experiments[1], ghost];
    writeFileSync(file, JSON.stringify(manifest));
    const r = runCompute(common(out, 'mlp-surface*'));
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/repaired .*manifest\.json from the result files: added mlp-surface; dropped ghost/);
    expect(JSON.parse(readFileSync(file, 'utf8')).experiments.map((e: { id: string }) => e.id)).toEqual(['mlp-surface', 'mlp-surface-seed2']);
  });

  it('removes temp files left by a dead process, and keeps those of a live one', () => {
    const out = copyOf(baseDir, 'temps');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const stale = path.join(out, `mlp-surface.json.${dead}.tmp`);
    const staleWeights = path.join(out, '.partial', 'weights', `x.bin.${dead}.tmp`);
    const live = path.join(out, `mlp-surface.json.${process.pid}.tmp`);
    for (const f of [stale, staleWeights, live]) writeFileSync(f, 'half-written');
    const r = runCompute(common(out));
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain(`removed ${stale}, left by an interrupted run`);
    expect(existsSync(stale) || existsSync(staleWeights)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });
});

describe('garbage in the results folder', () => {
  it('a result with a negative loss stops the run, naming file and field', () => {
    const out = copyOf(baseDir, 'garbage');
    const file = path.join(out, 'mlp-surface.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    const surface = json.artifacts.findIndex((a: { kind: string }) => a.kind === 'surface2d');
    json.artifacts[surface].metrics.testLoss[3] = -4;
    writeFileSync(file, JSON.stringify(json));
    const r = runCompute(common(out));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}: field 'artifacts[${surface}].metrics.testLoss[3]'`);
    expect(r.stderr).not.toMatch(STACK);
  });

  it('a directory where a result file belongs is named', () => {
    const out = tmp('dir-result');
    mkdirSync(path.join(out, 'mlp-surface.json'));
    const r = runCompute(common(out));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/mlp-surface\.json: not a regular file/);
    expect(r.stderr).not.toMatch(STACK);
  });
});

describe('usage errors: a message and exit code 2, before any training', () => {
  const fileOut = () => {
    const f = path.join(tmp('out-file'), 'results');
    writeFileSync(f, 'not a folder');
    return f;
  };
  const cases: Array<[string, () => string[], RegExp]> = [
    ['--profile without a value', () => ['--profile'], /Option '--profile <value>' argument missing/],
    ['--force=yes', () => ['--force=yes', '--dry-run'], /--force/],
    ['--shard -1/2', () => ['--shard', '-1/2', '--dry-run'], /--shard/],
    ['--only with an empty pattern', () => ['--only', '', '--dry-run'], /--only: an empty pattern/],
    ['--out that is a file', () => [...common(fileOut())], /--out .*results: is a file, not a folder/],
    ['--out below a file', () => [...common(path.join(fileOut(), 'sub'))], /--out .*results\/sub: cannot write there \(ENOTDIR\)/],
  ];
  for (const [name, args, message] of cases) {
    it(name, () => {
      const r = runCompute(args());
      expect(r.code, r.output).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.output).not.toMatch(STACK);
      expect(r.output).not.toMatch(/: train/);
    });
  }
});

describe('bad data: named, never trained on', () => {
  function dataWith(change: (dir: string) => void): string {
    const dir = copyOf(dataDir, 'data');
    change(dir);
    return dir;
  }
  const writeImages = (dir: string, name: string, dims: number[]) =>
    writeFileSync(path.join(dir, name), gzipSync(encodeIdx(dims, syntheticImages(dims[0], 1).images.subarray(0, dims.reduce((a, b) => a * b, 1)))));
  const cases: Array<[string, () => string, RegExp]> = [
    [
      'a FIFO as a data file (used to hang)',
      () =>
        dataWith((dir) => {
          rmSync(path.join(dir, 'train-images-idx3-ubyte.gz'));
          spawnSync('mkfifo', [path.join(dir, 'train-images-idx3-ubyte.gz')]);
        }),
      /train-images-idx3-ubyte\.gz: is a FIFO \(named pipe\); expected a data file/,
    ],
    ['images of 14×56 pixels', () => dataWith((dir) => writeImages(dir, 't10k-images-idx3-ubyte.gz', [500, 14, 56])), /t10k-images-idx3-ubyte\.gz: images are 14×56: expected 28×28/],
    [
      'zero training images',
      () =>
        dataWith((dir) => {
          writeImages(dir, 'train-images-idx3-ubyte.gz', [0, 28, 28]);
          writeFileSync(path.join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(encodeIdx([0], new Uint8Array(0))));
        }),
      /train-images-idx3-ubyte\.gz: holds 0 images/,
    ],
    ['fewer training images than the config asks for', () => makeFashionMnistDir({ train: 10 }), /config field data\.trainSubset asks for \d+ training examples; fashion-mnist has 10/],
  ];
  for (const [name, dir, message] of cases) {
    it(name, () => {
      const r = runCompute(['--profile', 'quick', '--backend', 'wasm', '--jobs', '1', '--only', 'mlp-surface', '--data', dir(), '--out', tmp('bad-data')]);
      expect(r.code, r.output).not.toBe(0);
      expect(r.output).toMatch(message);
      expect(r.output).not.toMatch(STACK);
      expect(r.output).not.toMatch(/: train \d/);
    });
  }
});
