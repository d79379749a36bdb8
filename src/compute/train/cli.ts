/**
 * `npm run train -- --model resnet --depth 8 --epochs 4 …`: train one model on Fashion-MNIST (or CIFAR-10, or the
 * two spirals) and print per-epoch timing and accuracy. For checking the model zoo and training setups by hand;
 * experiments for the article go through the suite.
 */
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { BACKEND_NAMES, initBackend, type BackendName } from '../backend/index.js';
import { channelStats, gather, normalize, permutation, take, type Split } from '../data/dataset.js';
import { fashionMnistDir, loadFashionMnist } from '../data/fashionMnist.js';
import { loadCifar10 } from '../data/cifar10.js';
import { twoSpirals } from '../data/synthetic.js';
import { buildModel, MODEL_KINDS, type ModelKind } from '../models/zoo.js';
import { countParams } from '../models/params.js';
import { train, type TrainOptions } from './train.js';
import { TRAINING_KERNELS, type TrainingKernels } from '../models/layers.js';
import { encodeCheckpoints } from './checkpoint.js';
import type { Schedule } from './schedule.js';

const HELP = `usage: npm run train -- [options]
  --model mlp|resnet|vgg      (resnet)     --depth 6n+2 (20)   --width K (1)   --base-width C (16)   --no-shortcut
  --hidden 512,512            MLP hidden widths
  --data fashion-mnist|cifar10|spirals (fashion-mnist)   --data-dir DIR
  --subset N                  train on N shuffled training examples (all)   --test-subset N (all)
  --epochs E (4)  --batch-size B (128)  --lr 0.1  --optimizer sgd|adam  --momentum 0.9  --nesterov  --wd 5e-4
  --schedule constant|step|cosine (cosine)  --milestones 2,3  --gamma 0.1
  --eval-train N              evaluate train metrics on N examples per epoch (10000)
  --checkpoint-every S  --checkpoints FILE   save weights every S steps (Float32 binary, train/checkpoint.ts)
  --seed S (1)  --backend auto|wasm|cpu|webgpu|tensorflow (auto)
  --kernels fast|reference|wgsl  conv-net training formulation (fast; reference: the one precomputed/ was trained with;
                              wgsl: fast with this project's WGSL filter-gradient kernel, webgpu only)`;

function numbers(s: string | undefined, flag: string): number[] {
  if (!s) return [];
  const out = s.split(',').map(Number);
  if (out.some((v) => !Number.isFinite(v))) throw new Error(`${flag}: '${s}' is not a comma-separated list of numbers`);
  return out;
}

function loadData(kind: string, dir: string | undefined): Split {
  if (kind === 'fashion-mnist') return loadFashionMnist(fashionMnistDir(dir));
  if (kind === 'cifar10') {
    if (!dir) throw new Error('--data cifar10 needs --data-dir (the folder with data_batch_1.bin … test_batch.bin)');
    return loadCifar10(dir);
  }
  if (kind === 'spirals') {
    return { train: twoSpirals({ n: 2000, seed: 1 }), test: twoSpirals({ n: 1000, seed: 2 }), source: { name: 'two-spirals', dir: '', sha256: '' } };
  }
  throw new Error(`--data: '${kind}', expected fashion-mnist, cifar10 or spirals`);
}

async function main(): Promise<number> {
  const { values: v } = parseArgs({
    options: {
      model: { type: 'string', default: 'resnet' },
      depth: { type: 'string', default: '20' },
      width: { type: 'string', default: '1' },
      'base-width': { type: 'string', default: '16' },
      'no-shortcut': { type: 'boolean', default: false },
      hidden: { type: 'string', default: '512,512' },
      data: { type: 'string', default: 'fashion-mnist' },
      'data-dir': { type: 'string' },
      subset: { type: 'string' },
      'test-subset': { type: 'string' },
      epochs: { type: 'string', default: '4' },
      'batch-size': { type: 'string', default: '128' },
      lr: { type: 'string', default: '0.1' },
      optimizer: { type: 'string', default: 'sgd' },
      momentum: { type: 'string', default: '0.9' },
      nesterov: { type: 'boolean', default: false },
      wd: { type: 'string', default: '5e-4' },
      schedule: { type: 'string', default: 'cosine' },
      milestones: { type: 'string' },
      gamma: { type: 'string', default: '0.1' },
      'eval-train': { type: 'string', default: '10000' },
      kernels: { type: 'string', default: 'fast' },
      'checkpoint-every': { type: 'string' },
      checkpoints: { type: 'string' },
      seed: { type: 'string', default: '1' },
      backend: { type: 'string', default: 'auto' },
      help: { type: 'boolean', default: false },
    },
  });
  if (v.help) {
    console.log(HELP);
    return 0;
  }
  if (!(BACKEND_NAMES as readonly string[]).includes(v.backend!)) throw new Error(`--backend: '${v.backend}', expected one of ${BACKEND_NAMES.join(', ')}`);
  if (!(MODEL_KINDS as readonly string[]).includes(v.model!)) throw new Error(`--model: '${v.model}', expected one of ${MODEL_KINDS.join(', ')}`);
  const backend = await initBackend(v.backend as BackendName, (l) => console.error(l));
  console.log(`backend: ${backend.name} on ${backend.device}`);

  const seed = Number(v.seed);
  const split = loadData(v.data!, v['data-dir']);
  const subset = v.subset ? Number(v.subset) : split.train.n;
  const rawTrain = gather(split.train, permutation(split.train.n, seed).subarray(0, subset));
  const stats = channelStats(rawTrain);
  const trainSet = normalize(rawTrain, stats);
  const testSet = normalize(v['test-subset'] ? take(split.test, Number(v['test-subset'])) : split.test, stats);

  const model = buildModel(v.model as ModelKind, {
    inputShape: trainSet.shape,
    numClasses: trainSet.numClasses,
    depth: Number(v.depth),
    width: Number(v.width),
    baseWidth: Number(v['base-width']),
    shortcut: !v['no-shortcut'],
    hidden: numbers(v.hidden, '--hidden'),
  });
  const schedule: Schedule =
    v.schedule === 'step'
      ? { kind: 'step', milestones: numbers(v.milestones, '--milestones'), gamma: Number(v.gamma) }
      : v.schedule === 'cosine'
        ? { kind: 'cosine' }
        : { kind: 'constant' };
  const options: TrainOptions = {
    epochs: Number(v.epochs),
    batchSize: Number(v['batch-size']),
    lr: Number(v.lr),
    optimizer: v.optimizer as 'sgd' | 'adam',
    momentum: Number(v.momentum),
    nesterov: v.nesterov,
    weightDecay: Number(v.wd),
    schedule,
    seed,
    evalTrainMax: Number(v['eval-train']),
    kernels: kernelsOption(v.kernels as string),
    checkpointEvery: v['checkpoint-every'] ? Number(v['checkpoint-every']) : undefined,
  };
  console.log(`model: ${model.name}, ${countParams(model.specs)} parameters; train ${trainSet.n}, test ${testSet.n}; ${JSON.stringify(options)}`);

  let t0 = performance.now();
  let seen = 0;
  const result = await train(
    model,
    { train: trainSet, test: testSet },
    options,
    model.init(seed),
    (p) => {
      seen += Math.min(options.batchSize, trainSet.n - (p.batch - 1) * options.batchSize);
      if (p.batch % 50 === 0) {
        const s = (performance.now() - t0) / 1000;
        console.log(`  epoch ${p.epoch + 1} batch ${p.batch}/${p.batches}: ${(seen / s).toFixed(0)} img/s (training steps only so far this epoch)`);
      }
      if (p.batch === p.batches) {
        seen = 0;
      }
    },
    (r) => {
      console.log(
        `epoch ${r.epoch}: lr ${r.lr.toPrecision(3)}  train loss ${r.trainLoss.toFixed(4)} acc ${(100 * r.trainAccuracy).toFixed(2)}%  ` +
          `test loss ${r.testLoss.toFixed(4)} acc ${(100 * r.testAccuracy).toFixed(2)}%  ${r.seconds.toFixed(1)} s (incl. eval)`,
      );
      t0 = performance.now();
    },
  );
  backend.check?.();
  console.log(`${result.diverged ? 'DIVERGED' : 'done'}: ${result.history.length} epochs, ${result.steps} steps, ${result.seconds.toFixed(1)} s, backend ${backend.name}`);
  if (v.checkpoints) {
    writeFileSync(v.checkpoints, encodeCheckpoints(model.specs, result.checkpoints));
    console.log(`wrote ${result.checkpoints.length} checkpoints to ${v.checkpoints}`);
  }
  return result.diverged ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    // A command-line mistake is a usage error (exit 2), like the compute CLI's; anything else failed the training.
    const usage = String((e as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS');
    console.error(`train${usage ? '' : ' failed'}: ${e.message}`);
    process.exit(usage ? 2 : 1);
  },
);

function kernelsOption(value: string): TrainingKernels {
  if (!(TRAINING_KERNELS as readonly string[]).includes(value)) {
    console.error(`train: --kernels: '${value}', expected ${TRAINING_KERNELS.join(', ')} (wgsl: webgpu only)`);
    process.exit(2);
  }
  return value as TrainingKernels;
}
