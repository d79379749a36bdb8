/**
 * The compute step end to end, as a separate process on generated Fashion-MNIST-shaped data (quick profile, wasm):
 * it trains, writes validated results and a manifest, reuses up-to-date results, and fails cleanly on bad input
 * without touching what is already in the output folder.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, readdirSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { parseManifest, parseResult, findArtifact } from '../../src/lib/schema';
import { makeFashionMnistDir } from '../helpers/fixtures';
import { runCompute } from '../helpers/cli';

let dataDir: string;
let outDir: string;
let first: ReturnType<typeof runCompute>;

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
}

beforeAll(() => {
  dataDir = makeFashionMnistDir();
  outDir = mkdtempSync(path.join(tmpdir(), 'landscape-out-'));
  first = runCompute(['--profile', 'quick', '--only', 'mlp-surface*', '--backend', 'wasm', '--data', dataDir, '--out', outDir]);
});

describe('npm run compute', () => {
  it('trains, evaluates the surface and writes a validated result with provenance', () => {
    expect(first.code, first.output).toBe(0);
    expect(first.output).toMatch(/backend: wasm on CPU/);
    expect(first.output).toMatch(/mlp-surface: surface 9×9 81\/81/);
    const file = path.join(outDir, 'mlp-surface.json');
    const result = parseResult(readFileSync(file, 'utf8'), file);
    expect(result.provenance.backend).toBe('wasm');
    expect(result.provenance.data.name).toBe('fashion-mnist');
    expect(result.provenance.wallTimeSeconds).toBeGreaterThan(0);
    const surface = findArtifact(result, 'surface2d');
    expect(surface.metrics.trainLoss.every((v) => v !== null && v > 0)).toBe(true);
    // The trained weights sit at the centre of the grid: the loss there is the lowest of the grid's middle row
    // (the synthetic task is easy, so a trained net is a clear minimum along random directions).
    const mid = 4 * 9;
    const row = surface.metrics.trainLoss.slice(mid, mid + 9) as number[];
    expect(row[4]).toBe(Math.min(...row));
    const training = findArtifact(result, 'training');
    expect(training.epochs.at(-1)!.testAccuracy).toBeGreaterThan(0.5);
    const manifest = parseManifest(readFileSync(path.join(outDir, 'manifest.json'), 'utf8'), 'manifest.json');
    expect(manifest.experiments.map((e) => e.id)).toEqual(['mlp-surface', 'mlp-surface-seed2']);
    expect(manifest.experiments[0].hash).toBe(result.provenance.hash);
  });

  it('reuses up-to-date results: a second run computes nothing', () => {
    const before = snapshot(outDir);
    const again = runCompute(['--profile', 'quick', '--only', 'mlp-surface*', '--backend', 'wasm', '--data', dataDir, '--out', outDir]);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/reuse\s+mlp-surface \(up to date\)/);
    expect(again.output).toMatch(/all 2 results in .* are up to date/);
    expect(again.output).not.toMatch(/train/);
    expect(snapshot(outDir)).toEqual(before);
  });

  it('recomputes a result whose data changed', () => {
    const changed = makeFashionMnistDir({ seed: 99 });
    const r = runCompute(['--profile', 'quick', '--only', 'mlp-surface*', '--backend', 'wasm', '--data', changed, '--out', outDir, '--dry-run']);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/compute mlp-surface \(data changed\)/);
  });

  for (const [name, damage, message] of [
    ['truncated', (f: string) => truncateSync(f, statSync(f).size - 200), /train-images-idx3-ubyte\.gz: (not a valid gzip file|truncated)/],
    [
      'wrong-magic',
      (f: string) => {
        const raw = gunzipSync(readFileSync(f));
        raw[2] = 0x09;
        raw[0] = 0x42;
        writeFileSync(f, gzipSync(raw));
      },
      /train-images-idx3-ubyte\.gz: bad magic number 42 00 09 03/,
    ],
  ] as const) {
    it(`fails on a ${name} IDX file, naming it, and leaves the output untouched`, () => {
      const bad = mkdtempSync(path.join(tmpdir(), 'landscape-bad-'));
      cpSync(dataDir, bad, { recursive: true });
      damage(path.join(bad, 'train-images-idx3-ubyte.gz'));
      const before = snapshot(outDir);
      const r = runCompute(['--profile', 'quick', '--only', 'mlp-surface', '--backend', 'wasm', '--data', bad, '--out', outDir, '--force']);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // a clear message, not a stack trace
      expect(snapshot(outDir)).toEqual(before);
    });
  }

  it('fails on a malformed result file, naming the file and the field, and changes nothing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'landscape-malformed-'));
    cpSync(outDir, dir, { recursive: true });
    const file = path.join(dir, 'mlp-surface.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.provenance.seed = 'three';
    writeFileSync(file, JSON.stringify(json));
    const before = snapshot(dir);
    const r = runCompute(['--profile', 'quick', '--only', 'mlp-surface*', '--backend', 'wasm', '--data', dataDir, '--out', dir]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`${file}: field 'provenance.seed': expected a finite number, got string "three"`);
    expect(snapshot(dir)).toEqual(before);
  });

  it('rejects unknown options and backends with a usage message', () => {
    const r = runCompute(['--backend', 'cuda', '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--backend: 'cuda' is not a backend; expected one of auto, webgpu, wasm, cpu, tensorflow/);
  });
});
