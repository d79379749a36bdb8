/**
 * Experiment configs: plain JSON, hashed to key results. Everything a result depends on is in here, so two configs
 * that hash equally produce the same numbers (on the same backend).
 */
import type { Axis } from '../landscape/surface.js';
import type { Normalization } from '../landscape/directions.js';
import type { DatasetName } from './datasets.js';

export interface DataSpec {
  name: DatasetName;
  /** Per-channel standardization with the training subset's mean and deviation (the paper's CIFAR-10 setup). */
  normalize?: boolean;
  /** Training examples used: the first N of a seeded shuffle of the 60k. */
  trainSubset: number;
  /** Examples over which each probe's train and test losses are averaged (first N of the training subset / test set). */
  evalTrain: number;
  evalTest: number;
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
  seed: number;
  /** Keep weights every N optimizer steps (for PCA trajectories); 0 = none. */
  checkpointEvery?: number;
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
  /** PCA of the checkpoints (needs train.checkpointEvery), plus a surface on that plane around the path. */
  | { type: 'trajectory'; id: string; title: string; surface?: { id: string; title: string; n: number; margin: number } }
  /** Histogram of the kernel weights' values. */
  | { type: 'histogram'; id: string; title: string; bins: number }
  /** Hessian λmin, λmax and |λmin/λmax| over a coarse grid (Lanczos with k HVPs per run, on `examples` training examples). */
  | { type: 'convexity'; id: string; title: string; x: Axis; y: Axis; directions: DirectionSpec; k: number; examples: number }
  /**
   * Sharpness numbers: λmax and λmin of the Hessian at the minimizer, and from the 1D curve `curve` (an earlier probe):
   * its curvature at 0 and the loss rise at radius 0.5 and 1.
   */
  | { type: 'sharpness'; id: string; title: string; curve: string; k: number; examples: number };

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
