/**
 * Experiment configs: plain JSON, hashed to key results. Everything a result depends on is in here, so two configs
 * that hash equally produce the same numbers (on the same backend).
 */
import type { Axis } from '../landscape/surface.js';
import type { Normalization } from '../landscape/directions.js';

export interface DataSpec {
  name: 'fashion-mnist';
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

export type ModelSpec = MlpSpec;

export interface TrainSpec {
  optimizer: 'sgd';
  epochs: number;
  batchSize: number;
  lr: number;
  momentum: number;
  weightDecay: number;
  seed: number;
  /** Keep weights every N optimizer steps (for PCA trajectories); 0 = none. */
  checkpointEvery?: number;
}

export interface DirectionSpec {
  seed: number;
  normalization: Normalization;
  biasBn: 'ignore' | 'perturb';
}

/** Analyses run on a trained model; each produces one artifact with the given id. */
export type ProbeSpec = { type: 'surface2d'; id: string; title: string; x: Axis; y: Axis; directions: DirectionSpec };

export interface RunConfig {
  kind: 'run';
  data: DataSpec;
  model: ModelSpec;
  train: TrainSpec;
  probes: ProbeSpec[];
}

export type ExperimentConfig = RunConfig;

export interface Experiment {
  id: string;
  title: string;
  /** The article figure(s) this feeds. */
  figure: string;
  config: ExperimentConfig;
}
