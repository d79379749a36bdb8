/**
 * The declarative suite: each figure of the article → its experiments, per profile.
 *   quick     seconds on a CPU, every experiment kind at toy size (CI, tests)
 *   standard  what precomputed/ holds (about 1.5 h on a 2-core CPU with wasm, --jobs 2)
 *   paper     the paper's resolution: 51×51 grids, the full training set, deeper and wider nets, longer training —
 *             and, when CIFAR-10 is present (--cifar DIR), the paper's CIFAR-10 ResNet-20/56 with and without skip
 *             connections (SGD, lr 0.1, batch 128, weight decay 5e-4, step decay) — meant for a GPU.
 * Which configurations the claims compare, and over how many replicates, is src/lib/design.ts; this file turns that
 * design into experiments. Ids are stable: the article refers to them.
 *
 * Protocol (stated in the article): every configuration that a claim compares is trained from `design.seeds`
 * replicates (initialization, data order and probe directions all change with the replicate); small and large batches
 * get the same number of epochs, as in the paper; learning rates decay by 10× at 50 % and 75 % of training (the
 * paper's step schedule); final test errors are measured on the full test set.
 */
import type { DataSpec, Experiment, ModelSpec, ProbeSpec, TrainSpec } from './config.js';
import type { Axis } from '../landscape/surface.js';
import { globMatcher } from '../../lib/glob.js';
import { BATCH_RUNS, BATCH_SETTINGS, design, ids, PROFILES, replicaSeeds, type Design, type Profile } from '../../lib/design.js';

export type { Experiment } from './config.js';
export { PROFILES, type Profile };

interface Sizes {
  /** MLP comparisons (batch size, weight decay, optimizer; Fig. 1). */
  mlpData: DataSpec;
  /** Width comparison (bigger MLPs: smaller probe sets). */
  widthData: DataSpec;
  gridData: DataSpec;
  convData: DataSpec;
  grid: number;
  firstGrid: number;
  curve: number;
  convGrid: number;
  epochs: number;
  widthEpochs: number;
  gridEpochs: number;
  convEpochs: number;
  trajectoryGrid: number;
  convBase: number;
  convexityGrid: number;
  convConvexityGrid: number;
  /** Lanczos: most Hessian-vector products per run, and the relative residual it runs to. */
  lanczosK: number;
  lanczosTol: number;
  /** Lanczos steps before the tolerance may stop it (see landscape/lanczos.ts DEFAULT_MIN_STEPS). */
  lanczosMinSteps: number;
  convexityTol: number;
  hessianExamples: number;
  convHessianExamples: number;
}

function sizes(profile: Profile): Sizes {
  const data = (trainSubset: number, evalTrain: number, evalTest: number, probeTrain = evalTrain, probeTest = evalTest): DataSpec => ({
    name: 'fashion-mnist',
    trainSubset,
    evalTrain,
    evalTest,
    ...(probeTrain !== evalTrain ? { probeTrain } : {}),
    ...(probeTest !== evalTest ? { probeTest } : {}),
    shuffleSeed: 1,
  });
  switch (profile) {
    case 'quick':
      return {
        mlpData: data(2000, 500, 500, 300, 300),
        widthData: data(2000, 500, 500, 300, 300),
        gridData: data(1000, 200, 200),
        convData: data(300, 100, 100, 60, 60),
        grid: 9,
        firstGrid: 9,
        curve: 9,
        convGrid: 5,
        epochs: 2,
        widthEpochs: 2,
        gridEpochs: 2,
        convEpochs: 1,
        trajectoryGrid: 5,
        convBase: 4,
        convexityGrid: 3,
        convConvexityGrid: 3,
        lanczosK: 12,
        lanczosTol: 1e-2,
        lanczosMinSteps: 8,
        convexityTol: 5e-2,
        hessianExamples: 100,
        convHessianExamples: 16,
      };
    case 'standard':
      // Sized for about 1.5 h of wasm on 2 cores with --jobs 2 (measured per experiment: see the article's methods).
      return {
        mlpData: data(60000, 10000, 10000, 5000, 5000),
        widthData: data(60000, 10000, 10000, 2000, 2000),
        gridData: data(10000, 10000, 10000, 1000, 1000),
        convData: data(20000, 10000, 10000, 500, 100),
        grid: 21,
        firstGrid: 31,
        curve: 41,
        convGrid: 11,
        epochs: 20,
        widthEpochs: 10,
        gridEpochs: 8,
        convEpochs: 3,
        trajectoryGrid: 21,
        convBase: 8,
        convexityGrid: 7,
        convConvexityGrid: 3,
        lanczosK: 100,
        lanczosTol: 1e-3,
        lanczosMinSteps: 40,
        convexityTol: 1e-2,
        hessianExamples: 1000,
        convHessianExamples: 128,
      };
    case 'paper':
      return {
        mlpData: data(60000, 10000, 10000),
        widthData: data(60000, 10000, 10000, 5000, 5000),
        gridData: data(60000, 10000, 10000, 5000, 5000),
        convData: data(60000, 10000, 10000, 5000, 5000),
        grid: 51,
        firstGrid: 51,
        curve: 51,
        convGrid: 51,
        epochs: 40,
        widthEpochs: 40,
        gridEpochs: 20,
        convEpochs: 40,
        trajectoryGrid: 31,
        convBase: 16,
        convexityGrid: 21,
        convConvexityGrid: 11,
        lanczosK: 200,
        lanczosTol: 1e-3,
        lanczosMinSteps: 60,
        convexityTol: 1e-3,
        hessianExamples: 2000,
        convHessianExamples: 1000,
      };
  }
}

const box = (n: number, r = 1): [Axis, Axis] => [{ min: -r, max: r, n }, { min: -r, max: r, n }];
const filter = (seed: number) => ({ seed, normalization: 'filter' as const, biasBn: 'ignore' as const });
/** The paper's step schedule: ×0.1 at 50 % and 75 % of the epochs. */
const stepDecay = (epochs: number): TrainSpec['schedule'] =>
  epochs >= 4 ? { kind: 'step', milestones: [Math.round(epochs / 2), Math.round((3 * epochs) / 4)], gamma: 0.1 } : epochs >= 2 ? { kind: 'step', milestones: [epochs - 1], gamma: 0.1 } : undefined;

/** Training settings of replicate `seed`: its own data order, with the replicate recorded. */
function replicateTrain(seed: number, t: Omit<TrainSpec, 'seed' | 'replicate'>): TrainSpec {
  const spec: TrainSpec = { ...t, seed: replicaSeeds(seed).order, replicate: seed };
  if (spec.schedule === undefined) delete spec.schedule;
  return spec;
}

/** About `count` checkpoints over a training run, in optimizer steps. */
function checkpointEvery(data: DataSpec, t: Pick<TrainSpec, 'epochs' | 'batchSize'>, count = 16): number {
  return Math.max(1, Math.round((Math.ceil(data.trainSubset / t.batchSize) * t.epochs) / count));
}

function surfaceProbe(n: number, seed: number): ProbeSpec {
  const [x, y] = box(n);
  return { type: 'surface2d', id: 'surface', title: '2D loss surface, filter-normalized random directions', x, y, directions: filter(seed) };
}

/** Fig. 1: the first landscape, from two initialisations. */
function mlpSurface(s: Sizes): Experiment[] {
  const model = (init: number): ModelSpec => ({ type: 'mlp', hidden: [128], initSeed: init });
  const train = (seed: number) => replicateTrain(seed, { optimizer: 'sgd', lr: 0.05, momentum: 0.9, weightDecay: 0, epochs: s.epochs, batchSize: 128, schedule: stepDecay(s.epochs) });
  return [1, 2].map((seed) => ({
    id: seed === 1 ? 'mlp-surface' : 'mlp-surface-seed2',
    title: seed === 1 ? 'Loss surface of a trained MLP around its minimizer (filter-normalized random directions)' : 'The same MLP trained from another initialisation',
    figure: 'fig-surface',
    config: { kind: 'run', data: s.mlpData, model: model(replicaSeeds(seed).init), train: train(seed), probes: [surfaceProbe(s.firstGrid, 4 + 100 * (seed - 1))] },
  }));
}

type BatchRun = (typeof BATCH_RUNS)[number];

function batchTrain(s: Sizes, r: BatchRun, seed: number): TrainSpec {
  const t = { epochs: s.epochs, batchSize: r.batchSize };
  return replicateTrain(seed, {
    optimizer: r.optimizer,
    // Large batches take a larger rate (0.4 vs 0.05: measured on this MLP, 0.4 trained fastest without diverging).
    lr: r.optimizer === 'adam' ? 1e-3 : r.batchSize > 256 ? 0.4 : 0.05,
    momentum: 0.9,
    weightDecay: r.weightDecay,
    ...t,
    schedule: stepDecay(s.epochs),
    checkpointEvery: checkpointEvery(s.mlpData, t),
  });
}

/** Sharpness vs generalization (paper Sec. 5): six trainings × replicates, each with curves, Hessian and path. */
function sharpness(s: Sizes, d: Design): Experiment[] {
  const [x] = box(s.curve);
  const unnormalizedX: Axis = { min: -0.06, max: 0.06, n: s.curve };
  const hessian = { k: s.lanczosK, tol: s.lanczosTol, minSteps: s.lanczosMinSteps, examples: s.hessianExamples };
  const runs = d.seeds.flatMap((seed) =>
    BATCH_RUNS.map((r): Experiment => {
      const { init, directions } = replicaSeeds(seed);
      const showcase = seed === 1;
      const probes: ProbeSpec[] = [
        {
          type: 'curves',
          id: 'curve',
          title: '1D loss along random directions, filter-normalized and unnormalized',
          count: d.curveDirections,
          x,
          unnormalizedX,
          directions: filter(directions),
        },
        // riseAt 0.5: half a filter norm. unnormalizedRiseAt 0.03: on this MLP (≈1e5 kernel weights, ‖θ‖ ≈ 20–30) a
        // step of 0.03 along an unnormalized Gaussian direction has norm ≈ 9.6, about the same as 0.5 filter norms.
        { type: 'sharpness', id: 'sharpness', title: 'Sharpness at the minimizer', curves: 'curve', riseAt: 0.5, unnormalizedRiseAt: 0.03, ...hessian },
        ...(showcase ? [surfaceProbe(s.grid, 4)] : []),
        ...(showcase && (r.key === 'sgd-small' || r.key === 'sgd-large')
          ? [{ type: 'convexity' as const, id: 'convexity', title: 'Hessian |λmin/λmax| around the minimizer', ...box2(s.convexityGrid), directions: filter(4), k: s.lanczosK, tol: s.convexityTol, minSteps: s.lanczosMinSteps, examples: s.hessianExamples }]
          : []),
        ...(showcase ? [{ type: 'histogram' as const, id: 'weights', title: 'Histogram of kernel weights', bins: 60 }] : []),
        {
          type: 'trajectory',
          id: 'trajectory',
          title: 'Optimizer path projected on its top two PCA directions',
          ...(showcase ? { surface: { id: 'pca-surface', title: 'Loss on the PCA plane of the path', n: s.trajectoryGrid, margin: 0.15 } } : {}),
        },
      ];
      return {
        id: ids.batch(r.key, seed),
        title: `MLP trained with ${r.label}${seed > 1 ? ` (replicate ${seed})` : ''}`,
        figure: 'fig-sharpness',
        config: { kind: 'run', data: s.mlpData, model: { type: 'mlp', hidden: [128], initSeed: init }, train: batchTrain(s, r, seed), probes },
      };
    }),
  );
  const interpolations = BATCH_SETTINGS.map((setting): Experiment => {
    const small = BATCH_RUNS.find((r) => r.key === setting.small)!;
    const large = BATCH_RUNS.find((r) => r.key === setting.large)!;
    return {
      id: ids.interpolation(setting.interp, 1),
      title: `Linear interpolation between ${small.label} and ${large.label}`,
      figure: 'fig-interpolation',
      config: {
        kind: 'interpolation',
        data: s.mlpData,
        model: { type: 'mlp', hidden: [128], initSeed: replicaSeeds(1).init },
        runs: [batchTrain(s, small, 1), batchTrain(s, large, 1)],
        labels: [small.label, large.label],
        x: { min: -0.5, max: 1.5, n: s.curve },
      },
    };
  });
  return [...runs, ...interpolations];
}

const box2 = (n: number) => {
  const [x, y] = box(n);
  return { x, y };
};

/** Depth × skip connections (paper Sec. 6, Fig. 5): ResNet-style nets with and without shortcuts, replicated. */
function architecture(s: Sizes, d: Design): Experiment[] {
  const [x, y] = box(s.convGrid);
  return d.convSeeds.flatMap((seed) =>
    d.depths.flatMap((depth) =>
      [true, false].map((shortcut): Experiment => {
        const { init, directions } = replicaSeeds(seed);
        const convexity = seed === 1 && depth === d.convexityDepth;
        return {
          id: ids.resnet(depth, shortcut, seed),
          title: `ResNet-${depth} ${shortcut ? 'with' : 'without'} skip connections${seed > 1 ? ` (replicate ${seed})` : ''}`,
          figure: 'fig-architecture',
          config: {
            kind: 'run',
            data: s.convData,
            model: { type: 'resnet', depth, width: 1, baseWidth: s.convBase, shortcut, initSeed: init },
            // lr 0.1: on ResNet-8 with 60k training images, 0.1 reached 84.8 % test accuracy where 0.05 reached 76 %.
            train: replicateTrain(seed, { optimizer: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 5e-4, epochs: s.convEpochs, batchSize: 128, schedule: stepDecay(s.convEpochs) }),
            probes: [
              { type: 'surface2d', id: 'surface', title: '2D loss surface, filter-normalized random directions', x, y, directions: filter(directions) },
              ...(convexity
                ? [{ type: 'convexity' as const, id: 'convexity', title: 'Hessian |λmin/λmax| around the minimizer', ...box2(s.convConvexityGrid), directions: filter(directions), k: s.lanczosK, tol: s.convexityTol, minSteps: s.lanczosMinSteps, examples: s.convHessianExamples }]
                : []),
            ],
          },
        };
      }),
    ),
  );
}

/** Width (paper Fig. 6, Wide-ResNets): here MLPs of two hidden layers of growing width, replicated. */
function width(s: Sizes, d: Design): Experiment[] {
  return d.seeds.flatMap((seed) =>
    d.widths.map((w): Experiment => ({
      id: ids.width(w, seed),
      title: `MLP with two hidden layers of ${w} units${seed > 1 ? ` (replicate ${seed})` : ''}`,
      figure: 'fig-width',
      config: {
        kind: 'run',
        data: s.widthData,
        model: { type: 'mlp', hidden: [w, w], initSeed: replicaSeeds(seed).init },
        train: replicateTrain(seed, { optimizer: 'sgd', lr: 0.05, momentum: 0.9, weightDecay: 0, epochs: s.widthEpochs, batchSize: 128, schedule: stepDecay(s.widthEpochs) }),
        probes: [surfaceProbe(s.grid, replicaSeeds(seed).directions)],
      },
    })),
  );
}

/** The learning-rate × batch-size grid behind the article's sliders: each run with its trajectory and PCA surface. */
export const GRID_LEARNING_RATES = [0.01, 0.03, 0.1, 0.3];
export const GRID_BATCH_SIZES = [32, 128, 512, 2048];

function lrBatchGrid(s: Sizes, d: Design, profile: Profile): Experiment[] {
  const [x] = box(s.curve);
  const batches = profile === 'quick' ? [128, 512] : GRID_BATCH_SIZES;
  return GRID_LEARNING_RATES.flatMap((lr) =>
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
          // A constant rate: the explorer is about the learning rate itself.
          train: replicateTrain(1, { optimizer: 'sgd', lr, momentum: 0.9, weightDecay: 0, ...t, checkpointEvery: checkpointEvery(s.gridData, t) }),
          probes: [
            { type: 'trajectory', id: 'trajectory', title: 'SGD path on its PCA plane', surface: { id: 'pca-surface', title: 'Loss on the PCA plane of the path', n: s.trajectoryGrid, margin: 0.15 } },
            // The explorer's overview colors the grid by sharpness too: the same measure as the batch-size runs'.
            { type: 'curves', id: 'curve', title: '1D loss along filter-normalized random directions', count: d.curveDirections, x, unnormalizedX: { min: -0.06, max: 0.06, n: s.curve }, directions: filter(replicaSeeds(1).directions) },
            { type: 'sharpness', id: 'sharpness', title: 'Sharpness at the minimizer', curves: 'curve', riseAt: 0.5, unnormalizedRiseAt: 0.03, k: s.lanczosK, tol: s.lanczosTol, minSteps: s.lanczosMinSteps, examples: s.hessianExamples },
          ],
        },
      };
    }),
  );
}

/** CIFAR-10 experiments (only where the user has the data): the paper's Fig. 1, ResNets with and without skips. */
function cifar(profile: Profile): Experiment[] {
  const quick = profile === 'quick';
  const paper = profile === 'paper';
  const evalN = quick ? 50 : paper ? 10000 : 500;
  const data: DataSpec = { name: 'cifar10', normalize: true, trainSubset: quick ? 200 : paper ? 50000 : 10000, evalTrain: evalN, evalTest: evalN, shuffleSeed: 1 };
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
  const d = design(profile);
  return [...mlpSurface(s), ...sharpness(s, d), ...architecture(s, d), ...width(s, d), ...lrBatchGrid(s, d, profile), ...(cifar10 ? cifar(profile) : [])];
}

/** Experiments whose id matches a glob-like pattern (`*` wildcards; comma-separated alternatives). */
export function selectExperiments(experiments: Experiment[], pattern?: string): Experiment[] {
  if (!pattern) return experiments;
  const matches = globMatcher(pattern);
  return experiments.filter((e) => matches(e.id));
}
