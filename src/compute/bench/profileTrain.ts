/**
 * Where one ResNet training step's time goes, kernel by kernel (a diagnostic, not a benchmark):
 *
 *   node scripts/run.mjs src/compute/bench/profileTrain.ts [--depth 20] [--base-width 8] [--batch 128] [--steps 3]
 *
 * Every kernel registered for the active backend is wrapped with a timer that reads this process's CPU time
 * (process.cpuUsage: user + system), not wall time, so the shares hold on a loaded machine. A step is train.ts's:
 * variableGrads of the mean cross-entropy in training mode, SGD with momentum 0.9 and weight decay 5e-4, the BN
 * running-statistics update, disposal; no read-back except once at the end. Kernels are grouped by phase (forward,
 * backward, optimizer, BN statistics) and convs by role: forward conv, the conv gradient's dW and dx convs. "JS
 * outside kernels" is the step's CPU time minus its kernels' (autodiff tape, tidy/dispose, op dispatch, GC).
 */
import { parseArgs } from 'node:util';
import { tf } from '../tf.js';
import { initBackend, BACKEND_NAMES, type BackendName } from '../backend/index.js';
import { resnet } from '../models/resnet.js';
import { setTrainingKernels, type TrainingKernels } from '../models/layers.js';
import { crossEntropySum } from '../models/evaluate.js';
import type { BatchStat } from '../models/params.js';
import { Sgd } from '../train/optimizer.js';
import { mulberry32 } from '../random.js';
import { modelVariables } from './variables.js';

type Phase = 'forward' | 'backward' | 'optimizer' | 'bn-stats' | 'dispose';
let phase: Phase = 'forward';
let batch = 128;
const totals = new Map<string, { us: number; calls: number }>();
let recording = false;
let byShape = false;

const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** Label a kernel call: phase, kernel, and for convs their role (dW convs take the batch as input channels). */
function label(name: string, inputs: Record<string, tf.TensorInfo>): string {
  const shapes = byShape ? ` ${Object.values(inputs).filter((t) => t).map((t) => t.shape.join('×')).join(', ')}` : '';
  if (name === 'Conv2D' || name === 'FusedConv2D') {
    const x = inputs.x;
    if (phase === 'backward') return x.shape[3] === batch ? `${name} dW${shapes} (backward)` : `${name} dx${shapes} (backward)`;
    return `${name} forward${shapes}`;
  }
  return `${name}${shapes} (${phase})`;
}

function instrument(backend: string): void {
  for (const k of tf.getKernelsForBackend(backend)) {
    const inner = k.kernelFunc;
    tf.unregisterKernel(k.kernelName, backend);
    tf.registerKernel({
      ...k,
      setupFunc: undefined,
      kernelFunc: (args) => {
        if (!recording) return inner(args);
        const t0 = cpuUs();
        const out = inner(args);
        const key = label(k.kernelName, args.inputs as Record<string, tf.TensorInfo>);
        const e = totals.get(key) ?? { us: 0, calls: 0 };
        e.us += cpuUs() - t0;
        e.calls++;
        totals.set(key, e);
        return out;
      },
    });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      depth: { type: 'string', default: '20' },
      'base-width': { type: 'string', default: '8' },
      batch: { type: 'string', default: '128' },
      steps: { type: 'string', default: '3' },
      warmup: { type: 'string', default: '1' },
      backend: { type: 'string', default: 'wasm' },
      shapes: { type: 'boolean', default: false },
      // No kernel timers (e.g. under node --cpu-prof, which then sees the step as it runs in training).
      plain: { type: 'boolean', default: false },
      kernels: { type: 'string', default: 'fast' },
    },
  });
  if (!(BACKEND_NAMES as readonly string[]).includes(values.backend!)) throw new Error(`--backend ${values.backend}`);
  const info = await initBackend(values.backend as BackendName);
  batch = Number(values.batch);
  byShape = values.shapes!;
  const steps = Number(values.steps);
  const depth = Number(values.depth);
  const baseWidth = Number(values['base-width']);
  if (!values.plain) instrument(tf.getBackend());
  setTrainingKernels(values.kernels as TrainingKernels);
  const model = resnet({ inputShape: [28, 28, 1], numClasses: 10, depth, baseWidth });
  const { params, trainParams } = modelVariables(model, 1);
  const u = mulberry32(7);
  const x = tf.tensor4d(Float32Array.from({ length: batch * 784 }, () => u()), [batch, 28, 28, 1]);
  const y = tf.tensor1d(Int32Array.from({ length: batch }, (_, i) => i % 10), 'int32');
  const sgd = new Sgd({ lr: 0.05, momentum: 0.9, weightDecay: 5e-4 });
  let lastLoss: tf.Tensor | null = null;
  const step = () => {
    const batchStats: BatchStat[] = [];
    phase = 'forward';
    const { value, grads } = tf.variableGrads(() => {
      const loss = tf.div(crossEntropySum(model.apply(params, x, { training: true, batchStats }), y), batch) as tf.Scalar;
      phase = 'backward';
      return loss;
    }, trainParams);
    phase = 'optimizer';
    sgd.step(trainParams, trainParams.map((p) => grads[p.name]));
    phase = 'bn-stats';
    tf.tidy(() => {
      for (const s of batchStats) {
        const rm = params[s.meanIndex];
        const rv = params[s.varIndex];
        rm.assign(tf.add(tf.mul(rm, 0.9), tf.mul(s.mean, 0.1)));
        rv.assign(tf.add(tf.mul(rv, 0.9), tf.mul(s.variance, 0.1 * (s.count / (s.count - 1)))));
      }
    });
    phase = 'dispose';
    tf.dispose(Object.values(grads));
    batchStats.forEach((s) => tf.dispose([s.mean, s.variance]));
    lastLoss?.dispose();
    lastLoss = value;
  };
  for (let i = 0; i < Number(values.warmup); i++) step();
  await lastLoss!.data();
  recording = true;
  const c0 = cpuUs();
  const w0 = performance.now();
  for (let i = 0; i < steps; i++) step();
  const loss = (await lastLoss!.data())[0];
  const stepUs = (cpuUs() - c0) / steps;
  const wallMs = (performance.now() - w0) / steps;
  recording = false;
  const kernelUs = [...totals.values()].reduce((a, e) => a + e.us, 0) / steps;
  const calls = [...totals.values()].reduce((a, e) => a + e.calls, 0) / steps;
  const rows = [...totals.entries()].map(([k, e]) => ({ k, us: e.us / steps, calls: e.calls / steps }));
  rows.push({ k: 'JS outside kernels (tape, tidy/dispose, dispatch, GC)', us: stepUs - kernelUs, calls: 0 });
  rows.sort((a, b) => b.us - a.us);
  console.log(`${model.name}, batch ${batch}, ${info.name} (${info.device}), ${values.kernels} kernels; ${steps} steps; loss ${loss.toFixed(5)}`);
  console.log(`CPU per step ${(stepUs / 1000).toFixed(1)} ms (${((batch * 1e6) / stepUs).toFixed(1)} img per CPU-second); wall ${wallMs.toFixed(1)} ms; ${calls} kernel calls per step`);
  console.log('| kernel / phase | CPU ms per step | share | calls per step |');
  console.log('| --- | --- | --- | --- |');
  for (const r of rows) {
    if (r.us / stepUs < 0.0005) continue;
    console.log(`| ${r.k} | ${(r.us / 1000).toFixed(1)} | ${((100 * r.us) / stepUs).toFixed(1)}% | ${r.calls || ''} |`);
  }
  const byGroup = new Map<string, number>();
  for (const r of rows) {
    const conv = r.k.match(/^(Conv2D|FusedConv2D) (dW|dx|forward)/);
    const g = conv ? `${conv[1]} ${conv[2]}` : (r.k.match(/\((\w[\w-]*)\)$/)?.[1] ?? r.k);
    byGroup.set(g, (byGroup.get(g) ?? 0) + r.us);
  }
  console.log('\n| group | share |\n| --- | --- |');
  for (const [g, us] of [...byGroup.entries()].sort((a, b) => b[1] - a[1])) console.log(`| ${g} | ${((100 * us) / stepUs).toFixed(1)}% |`);
  tf.dispose([...params, x, y]);
  lastLoss!.dispose();
  sgd.dispose();
}

main().then(
  () => process.exit(0),
  (e: Error) => {
    console.error(e.stack ?? e.message);
    process.exit(1);
  },
);
