/**
 * The declarative suite: which experiments exist, with which settings, per profile. Everything a result depends on
 * is in its config, so the config's hash decides whether a stored result is up to date.
 */
import type { Axis } from '../landscape/surface.js';
import type { Normalization } from '../landscape/directions.js';

export const PROFILES = ['quick', 'standard'] as const;
export type Profile = (typeof PROFILES)[number];

export interface MlpSurfaceConfig {
  kind: 'mlp-surface';
  data: {
    name: 'fashion-mnist';
    /** Training examples used (the first N of a seeded shuffle of the 60k). */
    trainSubset: number;
    /** Examples over which each surface point's train and test losses are averaged. */
    evalTrain: number;
    evalTest: number;
    shuffleSeed: number;
  };
  model: { type: 'mlp'; hidden: number[]; initSeed: number };
  train: { epochs: number; batchSize: number; lr: number; momentum: number; weightDecay: number; seed: number };
  surface: {
    x: Axis;
    y: Axis;
    directions: { seed: number; normalization: Normalization; biasBn: 'ignore' | 'perturb' };
  };
}

export type ExperimentConfig = MlpSurfaceConfig;

export interface Experiment {
  id: string;
  title: string;
  /** The article figure this feeds. */
  figure: string;
  config: ExperimentConfig;
}

function mlpSurface(profile: Profile): Experiment {
  const quick = profile === 'quick';
  return {
    id: 'mlp-surface',
    title: 'Loss surface of a trained MLP around its minimizer (filter-normalized random directions)',
    figure: 'fig-mlp-surface',
    config: {
      kind: 'mlp-surface',
      data: {
        name: 'fashion-mnist',
        trainSubset: quick ? 2000 : 20000,
        evalTrain: quick ? 500 : 2000,
        evalTest: quick ? 500 : 2000,
        shuffleSeed: 1,
      },
      model: { type: 'mlp', hidden: [128], initSeed: 2 },
      train: { epochs: quick ? 2 : 10, batchSize: 128, lr: 0.05, momentum: 0.9, weightDecay: 0, seed: 3 },
      surface: {
        x: { min: -1, max: 1, n: quick ? 9 : 31 },
        y: { min: -1, max: 1, n: quick ? 9 : 31 },
        directions: { seed: 4, normalization: 'filter', biasBn: 'ignore' },
      },
    },
  };
}

export function suite(profile: Profile): Experiment[] {
  return [mlpSurface(profile)];
}

/** Experiments whose id matches a glob-like pattern (`*` wildcards; comma-separated alternatives). */
export function selectExperiments(experiments: Experiment[], pattern?: string): Experiment[] {
  if (!pattern) return experiments;
  const res = pattern.split(',').map((p) => new RegExp('^' + p.trim().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$'));
  return experiments.filter((e) => res.some((r) => r.test(e.id)));
}
