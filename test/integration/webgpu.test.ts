/**
 * The webgpu backend end to end, on every machine: Dawn's OpenGL ES backend on Mesa's llvmpipe is a software WebGPU
 * adapter (LANDSCAPE_WEBGPU=software), so every webgpu code path runs here as it would on a GPU (in compatibility
 * mode). A representative slice of the quick profile is computed on webgpu and compared with wasm:
 *   - MLP experiments trained and probed on webgpu (surface, 1D curves, trajectory + PCA surface, Hessian convexity
 *     map and sharpness, interpolation, weight histogram): every number within |a − b| ≤ 1e-6 + 1e-5·|a|
 *     (measured: 1.2e-6 relative at worst, 1.1e-5 on a trajectory coordinate of 6e-4);
 *   - the ResNet's probes on the same trained weights (the surface point-batched through the own conv kernel, the
 *     convexity map): same tolerance for losses, λ within
 *     1e-4 relative (measured 4e-7 and 5e-6); accuracies are counts over examples and may differ by one example;
 *   - training of both model kinds on webgpu (the conv net with both kernel formulations, and with the WGSL filter
 *     gradient): epoch losses within 1e-3
 *     relative (measured 5e-4 after two epochs: training amplifies rounding differences, the same on any two backends).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseResult, type Artifact, type ExperimentResult } from '../../src/lib/schema';
import { makeFashionMnistDir } from '../helpers/fixtures';
import { ROOT, runCompute } from '../helpers/cli';
import { softwareAdapter } from '../helpers/webgpu';

const SOFTWARE = { LANDSCAPE_WEBGPU: 'software' };
const MLP_SLICE = ['mlp-surface', 'batch-sgd-small', 'batch-sgd-large', 'interp-sgd'];
const RESNET = 'resnet8-skip';


const load = (dir: string, id: string): ExperimentResult => {
  const file = path.join(dir, `${id}.json`);
  return parseResult(readFileSync(file, 'utf8'), file);
};

/** Every number of two artifacts, paired by path (wall-clock fields left out). */
function numbers(a: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(a)) a.forEach((v, i) => numbers(v, `${prefix}[${i}]`, out));
  else if (a && typeof a === 'object') for (const [k, v] of Object.entries(a)) k !== 'seconds' && numbers(v, prefix ? `${prefix}.${k}` : k, out);
  else out.set(prefix, a);
  return out;
}

/** Paths where the two artifacts differ by more than the tolerance of that kind of number. */
function differences(a: Artifact, b: Artifact, { rtol = 1e-5, atol = 1e-6, lambdaRtol = 1e-5, accuracyAtol = 0 } = {}): string[] {
  const x = numbers(a);
  const y = numbers(b);
  const bad: string[] = [];
  for (const [key, u] of x) {
    const v = y.get(key);
    if (typeof u !== 'number' || typeof v !== 'number') {
      if (u !== v) bad.push(`${a.id}.${key}: ${u} vs ${v}`);
      continue;
    }
    let tol = atol + rtol * Math.abs(u);
    if (/Accuracy/.test(key)) tol = Math.max(tol, accuracyAtol);
    if (/lambda|ratio/.test(key)) tol = atol + lambdaRtol * Math.abs(u);
    // A weight that lands on the other side of a histogram bin edge moves one count.
    if (a.kind === 'histogram' && key.startsWith('counts')) tol = 1;
    if (Math.abs(u - v) > tol) bad.push(`${a.id}.${key}: ${u} vs ${v} (tolerance ${tol.toExponential(1)})`);
  }
  return bad;
}

const ci = Boolean(process.env.CI);
describe.runIf(ci || softwareAdapter())('webgpu on the software adapter against wasm', () => {
  let data: string;
  let wasmDir: string;
  let gpuDir: string;
  let probesDir: string;
  let gpuOut: string;

  beforeAll(() => {
    data = makeFashionMnistDir();
    wasmDir = mkdtempSync(path.join(tmpdir(), 'landscape-wasm-'));
    const common = (out: string) => ['--profile', 'quick', '--data', data, '--out', out];
    const w = runCompute([...common(wasmDir), '--backend', 'wasm', '--only', [...MLP_SLICE, RESNET].join(',')]);
    if (w.code !== 0) throw new Error(w.output);
    // MLPs: trained and probed on webgpu.
    gpuDir = mkdtempSync(path.join(tmpdir(), 'landscape-webgpu-'));
    const g = runCompute([...common(gpuDir), '--backend', 'webgpu', '--jobs', '1', '--only', MLP_SLICE.join(',')], SOFTWARE);
    gpuOut = g.output;
    if (g.code !== 0) throw new Error(g.output);
    // The ResNet: probes on webgpu from the weights wasm trained (the weights cache is keyed by the training, not
    // the backend), so the comparison is of the probes alone.
    probesDir = mkdtempSync(path.join(tmpdir(), 'landscape-webgpu-probes-'));
    cpSync(path.join(wasmDir, '.partial'), path.join(probesDir, '.partial'), { recursive: true });
    const p = runCompute([...common(probesDir), '--backend', 'webgpu', '--jobs', '1', '--only', RESNET], SOFTWARE);
    if (p.code !== 0) throw new Error(p.output);
    expect(p.output).toMatch(/resnet8-skip: reusing trained weights/);
    expect(p.output).toMatch(/resnet8-skip: surface: computed 25 points, reused 0 \([\d.]+ points\/s, point-batched\)/);
  }, 600_000);

  it('names the software adapter in the log and in every result', () => {
    expect(gpuOut).toMatch(/backend: webgpu on .*\(software WebGPU: Dawn OpenGL ES, compatibility mode\)/);
    for (const id of MLP_SLICE) {
      const p = load(gpuDir, id).provenance;
      expect(p.backend).toBe('webgpu');
      expect(p.backendDetails).toMatchObject({ software: true, dawnBackend: 'opengles', featureLevel: 'compatibility' });
      expect(p.device).toMatch(/software WebGPU/);
    }
  });

  for (const id of MLP_SLICE) {
    it(`${id}: trained and probed on webgpu, every number as on wasm`, () => {
      const a = load(wasmDir, id);
      const b = load(gpuDir, id);
      expect(b.artifacts.map((x) => `${x.kind}:${x.id}`)).toEqual(a.artifacts.map((x) => `${x.kind}:${x.id}`));
      expect(a.artifacts.flatMap((x, k) => differences(x, b.artifacts[k]))).toEqual([]);
    });
  }

  it('covers surfaces, curves, a trajectory with its PCA surface, the Hessian, an interpolation and a histogram', () => {
    const kinds = new Set(MLP_SLICE.flatMap((id) => load(gpuDir, id).artifacts.map((a) => a.kind)));
    expect([...kinds].sort()).toEqual(['convexity', 'curve1d', 'histogram', 'scalars', 'surface2d', 'training', 'trajectory']);
  });

  it(`${RESNET}: surface and convexity map on webgpu match wasm on the same weights`, () => {
    const a = load(wasmDir, RESNET);
    const b = load(probesDir, RESNET);
    const probes = (r: ExperimentResult) => r.artifacts.filter((x) => x.kind !== 'training');
    expect(probes(b).map((x) => x.kind)).toEqual(['surface2d', 'convexity']);
    const n = Math.min(a.model.trainExamples, a.model.testExamples);
    expect(probes(a).flatMap((x, k) => differences(x, probes(b)[k], { lambdaRtol: 1e-4, accuracyAtol: 1 / n + 1e-9 }))).toEqual([]);
  });

  for (const kernels of ['fast', 'reference', 'wgsl'] as const) {
    it(`trains a ResNet-8 on webgpu (${kernels} kernels) as on wasm`, () => {
      const epochs = (backend: string, formulation: string = kernels) => {
        const r = spawnSync(
          process.execPath,
          [path.join(ROOT, 'scripts', 'run.mjs'), 'src/compute/train/cli.ts', '--model', 'resnet', '--depth', '8', '--base-width', '4', '--epochs', '2',
            '--subset', '512', '--test-subset', '256', '--eval-train', '256', '--batch-size', '64', '--lr', '0.05', '--data-dir', data, '--backend', backend, '--kernels', formulation],
          { cwd: ROOT, env: { ...process.env, ...SOFTWARE }, encoding: 'utf8', timeout: 300_000 },
        );
        if (r.status !== 0) throw new Error(r.stdout + r.stderr);
        return [...r.stdout.matchAll(/train loss ([\d.]+) .*test loss ([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
      };
      const w = epochs('wasm', kernels === 'wgsl' ? 'fast' : kernels);
      const g = epochs('webgpu');
      expect(g).toHaveLength(2);
      g.flat().forEach((v, i) => expect(Math.abs(v - w.flat()[i])).toBeLessThanOrEqual(1e-3 * w.flat()[i]));
    });
  }

  it('leaves no progress behind', () => {
    for (const dir of [gpuDir, probesDir]) {
      expect(readdirSync(path.join(dir, '.partial')).filter((f) => f.endsWith('.json'))).toEqual([]);
    }
  });
});
