/**
 * Experiment configs: plain JSON, hashed to key results. Everything a result depends on is in here, so two configs
 * that hash equally produce the same numbers (on the same backend).
 */
import type { Axis } from '../landscape/surface.js';
import type { Normalization } from '../landscape/directions.js';
import type { DatasetName } from './datasets.js';
import type { TrainingKernels } from '../models/layers.js';

export interface DataSpec {
  name: DatasetName;
  /** Per-channel standardization with the training subset's mean and deviation (the paper's CIFAR-10 setup). */
  normalize?: boolean;
  /** Training examples used: the first N of a seeded shuffle of the 60k. */
  trainSubset: number;
  /**
   * Examples behind each epoch's train and test metrics and the final errors (first N of the training subset / test
   * set): the test error a claim compares is measured on evalTest examples.
   */
  evalTrain: number;
  evalTest: number;
  /** Examples each landscape probe (surfaces, curves) averages over; default evalTrain / evalTest. */
  probeTrain?: number;
  probeTest?: number;
  shuffleSeed: number;
}

export interface MlpSpec {
  type: 'mlp';
  hidden: number[];
  initSeed: number;
}

export interface ResnetSpec {
  type: 'resnet';
  /** 6n + 2 layers, as the paper's CIFAR ResNets. */
  depth: number;
  /** Width multiplier of the base channel counts (the paper's Wide-ResNet factor). */
  width: number;
  baseWidth: number;
  /** Skip connections on (ResNet) or off (the paper's "no-short" nets). */
  shortcut: boolean;
  initSeed: number;
}

export type ModelSpec = MlpSpec | ResnetSpec;

export interface TrainSpec {
  optimizer: 'sgd' | 'adam';
  epochs: number;
  batchSize: number;
  lr: number;
  momentum: number;
  weightDecay: number;
  /** Data order (and, with initSeed, the replicate): see src/lib/design.ts replicaSeeds. */
  seed: number;
  /** Replicate index this training belongs to (1, 2, 3 …); recorded in the result. */
  replicate?: number;
  /** Keep weights every N optimizer steps (for PCA trajectories); 0 = none. */
  checkpointEvery?: number;
  /** Conv-net training kernels (train/train.ts TrainOptions.kernels); absent: 'reference', what precomputed/ used. */
  kernels?: TrainingKernels;
  /** Step decay: multiply the rate by gamma at these epochs. Absent: constant. */
  schedule?: { kind: 'step'; milestones: number[]; gamma: number } | { kind: 'cosine' };
}

export interface DirectionSpec {
  seed: number;
  normalization: Normalization;
  biasBn: 'ignore' | 'perturb';
}

/** Analyses run on a trained model; each produces one artifact with the given id. */
export type ProbeSpec =
  | { type: 'surface2d'; id: string; title: string; x: Axis; y: Axis; directions: DirectionSpec }
  | { type: 'curve1d'; id: string; title: string; x: Axis; directions: DirectionSpec }
  /**
   * `count` 1D curves along random directions, each filter-normalized (ids curve-filter-1…) and unnormalized
   * (curve-none-1…, on the axis `unnormalizedX`): direction k uses seed directions.seed + k − 1 for both, so the two
   * families differ only in normalization, and every run of a replicate sees the same unnormalized directions.
   */
  | { type: 'curves'; id: string; title: string; count: number; x: Axis; unnormalizedX: Axis; directions: DirectionSpec }
  /** PCA of the checkpoints (needs train.checkpointEvery), plus a surface on that plane around the path. */
  | { type: 'trajectory'; id: string; title: string; surface?: { id: string; title: string; n: number; margin: number } }
  /** Histogram of the kernel weights' values. */
  | { type: 'histogram'; id: string; title: string; bins: number }
  /**
   * Hessian λmin, λmax and |λmin/λmax| over a coarse grid: Lanczos on `examples` training examples, run until the
   * Ritz residuals fall below `tol` (relative to |λmax|), after at least minSteps and at most k Hessian-vector products
   * (landscape/lanczos.ts says why the minimum).
   */
  | { type: 'convexity'; id: string; title: string; x: Axis; y: Axis; directions: DirectionSpec; k: number; tol: number; minSteps: number; examples: number }
  /**
   * Sharpness numbers: λmax and λmin of the Hessian at the minimizer (Lanczos as for convexity), and from the `curves`
   * probe named by `curves` (an earlier probe): the loss rise at α = ±riseAt (filter-normalized) and ±unnormalizedRiseAt
   * (unnormalized), mean and spread over the directions, and the filter-normalized curvature at 0.
   */
  | { type: 'sharpness'; id: string; title: string; curves: string; riseAt: number; unnormalizedRiseAt: number; k: number; tol: number; minSteps: number; examples: number };

export interface RunConfig {
  kind: 'run';
  data: DataSpec;
  model: ModelSpec;
  train: TrainSpec;
  probes: ProbeSpec[];
}

/** Train two models (same data and architecture) and evaluate the straight line between them. */
export interface InterpolationConfig {
  kind: 'interpolation';
  data: DataSpec;
  model: ModelSpec;
  /** θ₁ at α = 0, θ₂ at α = 1. */
  runs: [TrainSpec, TrainSpec];
  labels: [string, string];
  x: Axis;
}

export type ExperimentConfig = RunConfig | InterpolationConfig;

export interface Experiment {
  id: string;
  title: string;
  /** The article figure(s) this feeds. */
  figure: string;
  config: ExperimentConfig;
}
