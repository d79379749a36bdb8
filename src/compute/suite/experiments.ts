/**
 * The declarative suite: which experiments exist, with which settings, per profile.
 * quick: seconds to minutes on a CPU (CI and tests); standard: what precomputed/ holds.
 */
import type { Experiment } from './config.js';

export type { Experiment } from './config.js';

export const PROFILES = ['quick', 'standard'] as const;
export type Profile = (typeof PROFILES)[number];

function mlpSurface(profile: Profile): Experiment {
  const quick = profile === 'quick';
  const n = quick ? 9 : 31;
  return {
    id: 'mlp-surface',
    title: 'Loss surface of a trained MLP around its minimizer (filter-normalized random directions)',
    figure: 'fig-1',
    config: {
      kind: 'run',
      data: { name: 'fashion-mnist', trainSubset: quick ? 2000 : 20000, evalTrain: quick ? 500 : 2000, evalTest: quick ? 500 : 2000, shuffleSeed: 1 },
      model: { type: 'mlp', hidden: [128], initSeed: 2 },
      train: { optimizer: 'sgd', epochs: quick ? 2 : 10, batchSize: 128, lr: 0.05, momentum: 0.9, weightDecay: 0, seed: 3 },
      probes: [
        {
          type: 'surface2d',
          id: 'surface',
          title: 'Loss around the trained minimizer',
          x: { min: -1, max: 1, n },
          y: { min: -1, max: 1, n },
          directions: { seed: 4, normalization: 'filter', biasBn: 'ignore' },
        },
      ],
    },
  };
}

/** A second quick experiment (a different seed), so sharding and merging have work to split. */
function mlpSurfaceSeed(profile: Profile): Experiment {
  const base = mlpSurface(profile);
  return {
    ...base,
    id: 'mlp-surface-seed2',
    title: 'The same MLP trained from another initialisation',
    figure: 'fig-1',
    config: { ...base.config, model: { ...base.config.model, initSeed: 12 }, train: { ...base.config.train, seed: 13 } },
  };
}

export function suite(profile: Profile): Experiment[] {
  return [mlpSurface(profile), mlpSurfaceSeed(profile)];
}

/** Experiments whose id matches a glob-like pattern (`*` wildcards; comma-separated alternatives). */
export function selectExperiments(experiments: Experiment[], pattern?: string): Experiment[] {
  if (!pattern) return experiments;
  const res = pattern.split(',').map((p) => new RegExp('^' + p.trim().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$'));
  return experiments.filter((e) => res.some((r) => r.test(e.id)));
}
