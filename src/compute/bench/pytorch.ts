/**
 * `npm run bench -- --vs-pytorch`: the same workloads in PyTorch, in the same run, so the table compares this project
 * with the framework the paper's code uses on the same machine at the same moment. Needs a `python3` that imports
 * `torch` (LANDSCAPE_PYTHON, else /usr/bin/python3, else python3 on PATH: Debian's python3-torch on a CPU machine);
 * without one the comparison is skipped with one line. On a CPU it runs with OMP_NUM_THREADS = the cores and
 * OMP_WAIT_POLICY=PASSIVE (spinning OpenMP threads would steal the cores the next benchmark needs); on a machine with
 * CUDA the scripts pick the GPU. The scripts are test/bench/pytorch_surface.py and test/bench/pytorch_train.py.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { SURFACE_MLP } from './surface.js';
import { SURFACE_CONV } from './surfaceConv.js';
import { BATCH, TRAIN_STEPS } from './training.js';
import type { BenchRow } from './types.js';

export type Torch = { python: string; version: string; threads: number; env: NodeJS.ProcessEnv };

/** The first python that imports torch, or why there is none. */
export function findTorch(env: NodeJS.ProcessEnv = process.env): Torch | { skip: string } {
  const threads = availableParallelism();
  const runEnv = { ...env, OMP_NUM_THREADS: String(threads), OMP_WAIT_POLICY: 'PASSIVE' };
  const tried: string[] = [];
  for (const python of [env.LANDSCAPE_PYTHON, '/usr/bin/python3', 'python3'].filter((p): p is string => Boolean(p))) {
    const r = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { env: runEnv, encoding: 'utf8', timeout: 120_000 });
    if (r.status === 0) return { python, version: r.stdout.trim(), threads, env: runEnv };
    tried.push(`${python}: ${r.error ? (r.error as NodeJS.ErrnoException).code : (r.stderr.trim().split('\n').at(-1) ?? `exit ${r.status}`)}`);
  }
  return { skip: `--vs-pytorch: skipped, no python3 with torch (${tried.join('; ')}); on Debian: apt-get install python3-torch libopenblas0-pthread` };
}

function runScript(torch: Torch, script: string, args: string[]): any {
  const file = path.join(process.cwd(), 'test', 'bench', script);
  const r = spawnSync(torch.python, [file, ...args, '--threads', String(torch.threads)], { env: torch.env, encoding: 'utf8', timeout: 3_600_000 });
  if (r.status !== 0) throw new Error(`${script} ${args.join(' ')} failed (exit ${r.status}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
}

/** PyTorch rows for the workloads `names` (benchmark names of this run), same sizes as this project's. */
export function pytorchRows(torch: Torch, names: string[], quick: boolean): BenchRow[] {
  const rows: BenchRow[] = [];
  const surface = (benchmark: string, model: 'mlp' | 'resnet', size: { examples: number; side: number }) => {
    console.error(`running ${benchmark} in PyTorch …`);
    const out = runScript(torch, 'pytorch_surface.py', ['--model', model, '--examples', String(size.examples), '--side', String(size.side)]);
    for (const r of out.rows) {
      rows.push({ benchmark, variant: `PyTorch: ${r.variant}`, value: r.points_per_s, unit: 'points/s', details: { framework: out.framework, device: out.device, blas: out.blas, examples: out.examples, grid: `${out.side}×${out.side}`, seconds: r.seconds } });
    }
  };
  if (names.includes('surface-2d')) surface('surface-2d', 'mlp', quick ? SURFACE_MLP.quick : SURFACE_MLP.full);
  if (names.includes('surface-resnet')) surface('surface-resnet', 'resnet', quick ? SURFACE_CONV.quick : SURFACE_CONV.full);
  if (names.includes('training')) {
    console.error('running training in PyTorch …');
    const { warmup, steps } = quick ? TRAIN_STEPS.quick : TRAIN_STEPS.full;
    const out = runScript(torch, 'pytorch_train.py', ['--depth', '20', '--batch', String(BATCH), '--warmup', String(warmup), '--steps', String(steps)]);
    rows.push({ benchmark: 'training', variant: 'PyTorch: SGD step', value: out.img_per_s, unit: 'img/s', details: { framework: out.framework, device: out.device, model: out.model, batch: out.batch, steps: out.steps } });
  }
  return rows;
}

/** One line per workload: this project's best variant against each PyTorch baseline, as ratios. */
export function comparison(rows: BenchRow[]): string[] {
  const lines = ['| workload | this project (best variant) | PyTorch baseline | PyTorch | ratio (this project / PyTorch) |', '| --- | --- | --- | --- | --- |'];
  for (const benchmark of [...new Set(rows.map((r) => r.benchmark))]) {
    const ours = rows.filter((r) => r.benchmark === benchmark && !r.variant.startsWith('PyTorch') && Number.isFinite(r.value));
    const theirs = rows.filter((r) => r.benchmark === benchmark && r.variant.startsWith('PyTorch'));
    if (ours.length === 0 || theirs.length === 0) continue;
    const best = ours.reduce((a, b) => (b.value > a.value ? b : a));
    for (const t of theirs) {
      lines.push(`| ${benchmark} | ${best.value.toPrecision(4)} ${best.unit} (${best.variant}) | ${t.variant.replace('PyTorch: ', '')} | ${t.value.toPrecision(4)} ${t.unit} | ${(best.value / t.value).toFixed(2)}× |`);
    }
  }
  return lines;
}
