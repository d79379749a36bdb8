/**
 * The declarative suite: each figure of the article → its experiments, per profile.
 *   quick     seconds on a CPU, every experiment kind at toy size (CI, tests)
 *   standard  what precomputed/ holds (tens of minutes on a 2-core CPU with wasm)
 *   paper     the paper's resolution: 51×51 grids, the full training set, deeper and wider nets, longer training —
 *             and, when CIFAR-10 is present (--cifar DIR), the paper's CIFAR-10 ResNet-20/56 with and without skip
 *             connections (SGD, lr 0.1, batch 128, weight decay 5e-4, step decay) — meant for a GPU.
 * Ids are stable: the article refers to them.
 */
import type { DataSpec, Experiment, ModelSpec, ProbeSpec, TrainSpec } from './config.js';
import type { Axis } from '../landscape/surface.js';
import { globMatcher } from '../../lib/glob.js';

export type { Experiment } from './config.js';

export const PROFILES = ['quick', 'standard', 'paper'] as const;
export type Profile = (typeof PROFILES)[number];

interface Sizes {
  mlpData: DataSpec;
  gridData: DataSpec;
  convData: DataSpec;
  grid: number;
  curve: number;
  convGrid: number;
  epochs: number;
  gridEpochs: number;
  convEpochs: number;
  trajectoryGrid: number;
  depths: number[];
  convBase: number;
  convexityGrid: number;
  lanczosK: number;
  hessianExamples: number;
}

function sizes(profile: Profile): Sizes {
  const quick = profile === 'quick';
  const data = (trainSubset: number, evalTrain: number, evalTest: number): DataSpec => ({ name: 'fashion-mnist', trainSubset, evalTrain, evalTest, shuffleSeed: 1 });
  if (profile === 'paper') {
    return { mlpData: data(60000, 10000, 10000), gridData: data(60000, 5000, 5000), convData: data(60000, 5000, 5000), grid: 51, curve: 51, convGrid: 51, epochs: 40, gridEpochs: 20, convEpochs: 40, trajectoryGrid: 31, depths: [20, 56], convBase: 16, convexityGrid: 21, lanczosK: 20, hessianExamples: 2000 };
  }
  return quick
    ? { mlpData: data(2000, 500, 500), gridData: data(1000, 200, 200), convData: data(300, 100, 100), grid: 9, curve: 9, convGrid: 5, epochs: 2, gridEpochs: 2, convEpochs: 1, trajectoryGrid: 5, depths: [8], convBase: 4, convexityGrid: 3, lanczosK: 6, hessianExamples: 100 }
    : { mlpData: data(20000, 2000, 2000), gridData: data(10000, 1000, 1000), convData: data(10000, 500, 500), grid: 21, curve: 41, convGrid: 15, epochs: 12, gridEpochs: 8, convEpochs: 4, trajectoryGrid: 21, depths: [8, 20], convBase: 8, convexityGrid: 7, lanczosK: 12, hessianExamples: 300 };
}

const box = (n: number, r = 1): [Axis, Axis] => [{ min: -r, max: r, n }, { min: -r, max: r, n }];
const convexityBox = (s: Sizes) => {
  const [x, y] = box(s.convexityGrid);
  return { x, y };
};
const filter = (seed: number) => ({ seed, normalization: 'filter' as const, biasBn: 'ignore' as const });
const sgd = (o: Partial<TrainSpec> & Pick<TrainSpec, 'epochs' | 'batchSize'>): TrainSpec => ({ optimizer: 'sgd', lr: 0.05, momentum: 0.9, weightDecay: 0, seed: 3, ...o });

/** About `count` checkpoints over a training run, in optimizer steps. */
function checkpointEvery(data: DataSpec, t: Pick<TrainSpec, 'epochs' | 'batchSize'>, count = 16): number {
  return Math.max(1, Math.round((Math.ceil(data.trainSubset / t.batchSize) * t.epochs) / count));
}

function surfaceProbe(n: number, seed = 4): ProbeSpec {
  const [x, y] = box(n);
  return { type: 'surface2d', id: 'surface', title: '2D loss surface, filter-normalized random directions', x, y, directions: filter(seed) };
}

/** Fig. 1: the first landscape. */
function mlpSurface(s: Sizes): Experiment[] {
  const model: ModelSpec = { type: 'mlp', hidden: [128], initSeed: 2 };
  const base = { kind: 'run' as const, data: s.mlpData, model, probes: [surfaceProbe(s.grid === 21 ? 31 : s.grid)] };
  return [
    {
      id: 'mlp-surface',
      title: 'Loss surface of a trained MLP around its minimizer (filter-normalized random directions)',
      figure: 'fig-surface',
      config: { ...base, train: sgd({ epochs: s.epochs, batchSize: 128 }) },
    },
    {
      id: 'mlp-surface-seed2',
      title: 'The same MLP trained from another initialisation',
      figure: 'fig-surface',
      config: { ...base, model: { ...model, initSeed: 12 }, train: sgd({ epochs: s.epochs, batchSize: 128, seed: 13 }) },
    },
  ];
}

/** Figs. on sharpness vs generalization: small vs large batch, weight decay, SGD vs Adam (paper Sec. 5–6). */
export const SHARPNESS_RUNS = [
  { key: 'sgd-small', label: 'SGD, batch 64', optimizer: 'sgd', batchSize: 64, weightDecay: 0 },
  { key: 'sgd-large', label: 'SGD, batch 2048', optimizer: 'sgd', batchSize: 2048, weightDecay: 0 },
  { key: 'sgd-small-wd', label: 'SGD, batch 64, weight decay 5e-4', optimizer: 'sgd', batchSize: 64, weightDecay: 5e-4 },
  { key: 'sgd-large-wd', label: 'SGD, batch 2048, weight decay 5e-4', optimizer: 'sgd', batchSize: 2048, weightDecay: 5e-4 },
  { key: 'adam-small', label: 'Adam, batch 64', optimizer: 'adam', batchSize: 64, weightDecay: 0 },
  { key: 'adam-large', label: 'Adam, batch 2048', optimizer: 'adam', batchSize: 2048, weightDecay: 0 },
] as const;

function sharpnessTrain(s: Sizes, r: (typeof SHARPNESS_RUNS)[number]): TrainSpec {
  const t = { epochs: s.epochs, batchSize: r.batchSize };
  return {
    optimizer: r.optimizer,
    lr: r.optimizer === 'adam' ? 1e-3 : r.batchSize > 256 ? 0.2 : 0.05,
    momentum: 0.9,
    weightDecay: r.weightDecay,
    seed: 3,
    ...t,
    checkpointEvery: checkpointEvery(s.mlpData, t),
  };
}

function sharpness(s: Sizes): Experiment[] {
  const model: ModelSpec = { type: 'mlp', hidden: [128], initSeed: 2 };
  const [x] = box(s.curve);
  const runs: Experiment[] = SHARPNESS_RUNS.map((r) => ({
    id: `batch-${r.key}`,
    title: `MLP trained with ${r.label}`,
    figure: 'fig-sharpness',
    config: {
      kind: 'run',
      data: s.mlpData,
      model,
      train: sharpnessTrain(s, r),
      probes: [
        { type: 'curve1d', id: 'curve', title: '1D loss along a filter-normalized random direction', x, directions: filter(7) },
        { type: 'sharpness', id: 'sharpness', title: 'Sharpness at the minimizer', curve: 'curve', k: s.lanczosK, examples: s.hessianExamples },
        surfaceProbe(s.grid),
        ...(r.key === 'sgd-small' || r.key === 'sgd-large'
          ? [{ type: 'convexity' as const, id: 'convexity', title: 'Hessian |λmin/λmax| around the minimizer', ...convexityBox(s), directions: filter(4), k: s.lanczosK, examples: s.hessianExamples }]
          : []),
        { type: 'histogram', id: 'weights', title: 'Histogram of kernel weights', bins: 60 },
        { type: 'trajectory', id: 'trajectory', title: 'Optimizer path projected on its top two PCA directions', surface: { id: 'pca-surface', title: 'Loss on the PCA plane of the path', n: s.trajectoryGrid, margin: 0.15 } },
      ],
    },
  }));
  const pairs = [
    ['interp-sgd', 'sgd-small', 'sgd-large'],
    ['interp-sgd-wd', 'sgd-small-wd', 'sgd-large-wd'],
    ['interp-adam', 'adam-small', 'adam-large'],
  ] as const;
  const interpolations: Experiment[] = pairs.map(([id, a, b]) => {
    const ra = SHARPNESS_RUNS.find((r) => r.key === a)!;
    const rb = SHARPNESS_RUNS.find((r) => r.key === b)!;
    return {
      id,
      title: `Linear interpolation between ${ra.label} and ${rb.label}`,
      figure: 'fig-interpolation',
      config: {
        kind: 'interpolation',
        data: s.mlpData,
        model,
        runs: [sharpnessTrain(s, ra), sharpnessTrain(s, rb)],
        labels: [ra.label, rb.label],
        x: { min: -0.5, max: 1.5, n: s.curve },
      },
    };
  });
  return [...runs, ...interpolations];
}

/** Depth × skip connections (paper Sec. 6, Fig. 5/6): ResNet-style nets with and without shortcuts. */
function architecture(s: Sizes): Experiment[] {
  const [x, y] = box(s.convGrid);
  return s.depths.flatMap((depth) =>
    [true, false].map((shortcut): Experiment => ({
      id: `resnet${depth}-${shortcut ? 'skip' : 'noskip'}`,
      title: `ResNet-${depth} ${shortcut ? 'with' : 'without'} skip connections`,
      figure: 'fig-architecture',
      config: {
        kind: 'run',
        data: s.convData,
        model: { type: 'resnet', depth, width: 1, baseWidth: s.convBase, shortcut, initSeed: 2 },
        train: { optimizer: 'sgd', lr: 0.05, momentum: 0.9, weightDecay: 5e-4, seed: 3, epochs: s.convEpochs, batchSize: 128 },
        probes: [{ type: 'surface2d', id: 'surface', title: '2D loss surface, filter-normalized random directions', x, y, directions: filter(4) }],
      },
    })),
  );
}

/** Width (paper Fig. 6, Wide-ResNets): here MLPs of two hidden layers of growing width. */
function width(s: Sizes): Experiment[] {
  return [32, 128, 512].map((w) => ({
    id: `width-${w}`,
    title: `MLP with two hidden layers of ${w} units`,
    figure: 'fig-width',
    config: {
      kind: 'run',
      data: s.mlpData,
      model: { type: 'mlp', hidden: [w, w], initSeed: 2 },
      train: sgd({ epochs: s.epochs, batchSize: 128 }),
      probes: [surfaceProbe(s.grid)],
    },
  }));
}

/** The learning-rate × batch-size grid behind the article's sliders: each run with its trajectory and PCA surface. */
export const GRID_LEARNING_RATES = [0.01, 0.03, 0.1, 0.3];
export const GRID_BATCH_SIZES = [32, 128, 512, 2048];

function lrBatchGrid(s: Sizes): Experiment[] {
  const lrs = GRID_LEARNING_RATES;
  const batches = s.grid === 9 ? [128, 512] : GRID_BATCH_SIZES;
  return lrs.flatMap((lr) =>
    batches.map((batchSize): Experiment => {
      const t = { epochs: s.gridEpochs, batchSize };
      return {
        id: `grid-lr${lr}-bs${batchSize}`.replace(/\./g, 'p'),
        title: `MLP trained with SGD at learning rate ${lr}, batch size ${batchSize}`,
        figure: 'fig-explorer',
        config: {
          kind: 'run',
          data: s.gridData,
          model: { type: 'mlp', hidden: [128], initSeed: 2 },
          train: sgd({ ...t, lr, checkpointEvery: checkpointEvery(s.gridData, t) }),
          probes: [{ type: 'trajectory', id: 'trajectory', title: 'SGD path on its PCA plane', surface: { id: 'pca-surface', title: 'Loss on the PCA plane of the path', n: s.trajectoryGrid, margin: 0.15 } }],
        },
      };
    }),
  );
}

/** CIFAR-10 experiments (only where the user has the data): the paper's Fig. 1, ResNets with and without skips. */
function cifar(profile: Profile): Experiment[] {
  const quick = profile === 'quick';
  const paper = profile === 'paper';
  const data: DataSpec = { name: 'cifar10', normalize: true, trainSubset: quick ? 200 : paper ? 50000 : 10000, evalTrain: quick ? 50 : paper ? 10000 : 500, evalTest: quick ? 50 : paper ? 10000 : 500, shuffleSeed: 1 };
  const epochs = quick ? 1 : paper ? 300 : 10;
  const n = quick ? 5 : paper ? 51 : 15;
  const [x, y] = box(n);
  const depths = quick ? [8] : paper ? [20, 56] : [20];
  return depths.flatMap((depth) =>
    [true, false].map((shortcut): Experiment => ({
      id: `cifar-resnet${depth}-${shortcut ? 'skip' : 'noskip'}`,
      title: `CIFAR-10 ResNet-${depth} ${shortcut ? 'with' : 'without'} skip connections`,
      figure: 'fig-cifar',
      config: {
        kind: 'run',
        data,
        model: { type: 'resnet', depth, width: 1, baseWidth: quick ? 4 : 16, shortcut, initSeed: 2 },
        train: { optimizer: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 5e-4, seed: 3, epochs, batchSize: 128, schedule: { kind: 'step', milestones: [Math.round(epochs / 2), Math.round((3 * epochs) / 4)], gamma: 0.1 } },
        probes: [{ type: 'surface2d', id: 'surface', title: '2D loss surface, filter-normalized random directions', x, y, directions: filter(4) }],
      },
    })),
  );
}

export interface SuiteOptions {
  /** CIFAR-10 is present: add its experiments. */
  cifar10?: boolean;
}

export function suite(profile: Profile, { cifar10 = false }: SuiteOptions = {}): Experiment[] {
  const s = sizes(profile);
  return [...mlpSurface(s), ...sharpness(s), ...architecture(s), ...width(s), ...lrBatchGrid(s), ...(cifar10 ? cifar(profile) : [])];
}

/** Experiments whose id matches a glob-like pattern (`*` wildcards; comma-separated alternatives). */
export function selectExperiments(experiments: Experiment[], pattern?: string): Experiment[] {
  if (!pattern) return experiments;
  const matches = globMatcher(pattern);
  return experiments.filter((e) => matches(e.id));
}
