/**
 * The experimental design the paper's claims compare: which configurations, how many seeds, which depths and widths,
 * and the experiment id of each replicate. One place, read by the suite (src/compute/suite/experiments.ts, which
 * builds the experiments) and by the claims (src/lib/claims.ts, which reads their results), so the two cannot drift.
 * Pure data: no Node or DOM imports.
 */

export const PROFILES = ['quick', 'standard', 'paper'] as const;
export type Profile = (typeof PROFILES)[number];

/** The six trainings of the sharpness comparison (paper Sec. 5): batch size × weight decay, and Adam. */
export const BATCH_RUNS = [
  { key: 'sgd-small', label: 'SGD, batch 64', optimizer: 'sgd', batchSize: 64, weightDecay: 0 },
  { key: 'sgd-large', label: 'SGD, batch 2048', optimizer: 'sgd', batchSize: 2048, weightDecay: 0 },
  { key: 'sgd-small-wd', label: 'SGD, batch 64, weight decay 5e-4', optimizer: 'sgd', batchSize: 64, weightDecay: 5e-4 },
  { key: 'sgd-large-wd', label: 'SGD, batch 2048, weight decay 5e-4', optimizer: 'sgd', batchSize: 2048, weightDecay: 5e-4 },
  { key: 'adam-small', label: 'Adam, batch 64', optimizer: 'adam', batchSize: 64, weightDecay: 0 },
  { key: 'adam-large', label: 'Adam, batch 2048', optimizer: 'adam', batchSize: 2048, weightDecay: 0 },
] as const;
export type BatchRunKey = (typeof BATCH_RUNS)[number]['key'];

/** The three settings in which small and large batch are compared; `interp` is the interpolation experiment's id. */
export const BATCH_SETTINGS = [
  { key: 'sgd', label: 'SGD', small: 'sgd-small', large: 'sgd-large', interp: 'interp-sgd', weightDecay: 0 },
  { key: 'sgd-wd', label: 'SGD + weight decay', small: 'sgd-small-wd', large: 'sgd-large-wd', interp: 'interp-sgd-wd', weightDecay: 5e-4 },
  { key: 'adam', label: 'Adam', small: 'adam-small', large: 'adam-large', interp: 'interp-adam', weightDecay: 0 },
] as const satisfies ReadonlyArray<{ key: string; label: string; small: BatchRunKey; large: BatchRunKey; interp: string; weightDecay: number }>;

export interface Design {
  profile: Profile;
  /** Replicates (different initialization and data order) of every MLP configuration a claim compares. */
  seeds: number[];
  /** Replicates of the conv nets (fewer where the CPU budget forces it; the article says so). */
  convSeeds: number[];
  /** ResNet depths (6n + 2), each with and without skip connections. */
  depths: number[];
  /** Hidden widths of the two-layer MLPs. */
  widths: number[];
  /** The depth whose skip / no-skip pair gets Hessian convexity maps. */
  convexityDepth: number;
  /** Filter-normalized (and as many unnormalized) random directions per 1D sharpness number. */
  curveDirections: number;
}

export function design(profile: Profile): Design {
  switch (profile) {
    case 'quick':
      return { profile, seeds: [1, 2], convSeeds: [1, 2], depths: [8, 14], widths: [16, 64], convexityDepth: 8, curveDirections: 2 };
    case 'standard':
      return { profile, seeds: [1, 2, 3], convSeeds: [1, 2, 3], depths: [8, 14, 20], widths: [32, 128, 512], convexityDepth: 14, curveDirections: 5 };
    case 'paper':
      return { profile, seeds: [1, 2, 3], convSeeds: [1, 2, 3], depths: [20, 56, 110], widths: [128, 512, 2048], convexityDepth: 56, curveDirections: 10 };
  }
}

/** Replicate 1 keeps the bare id (the article's figures show it); replicate s > 1 appends -s<s>. */
export function replicaId(base: string, seed: number): string {
  return seed === 1 ? base : `${base}-s${seed}`;
}

export const ids = {
  batch: (key: BatchRunKey, seed: number) => replicaId(`batch-${key}`, seed),
  interpolation: (setting: (typeof BATCH_SETTINGS)[number]['interp'], seed: number) => replicaId(setting, seed),
  resnet: (depth: number, shortcut: boolean, seed: number) => replicaId(`resnet${depth}-${shortcut ? 'skip' : 'noskip'}`, seed),
  width: (width: number, seed: number) => replicaId(`width-${width}`, seed),
} as const;

/**
 * Seeds of replicate s: initialization, data order and probe directions all change with it. Replicate 1 keeps the
 * seeds the first version of the suite used (init 2, data order 3).
 */
export function replicaSeeds(seed: number): { init: number; order: number; directions: number } {
  return { init: 2 + 10 * (seed - 1), order: 3 + 10 * (seed - 1), directions: 7 + 100 * (seed - 1) };
}

/** The scalar names the sharpness probe stores (src/compute/suite/probes.ts) and the claims read. */
export const SHARPNESS = {
  lambdaMax: 'lambdaMax',
  lambdaMin: 'lambdaMin',
  /** |λmin/λmax| at the minimizer. */
  ratio: 'curvatureRatio',
  /** Mean over the filter-normalized directions of the train-loss rise at α = ±0.5 (mean of both sides). */
  lossRise: 'lossRise05',
  lossRiseSd: 'lossRise05Sd',
  /** The same along unnormalized directions (one fixed Gaussian direction per seed, shared by every run). */
  lossRiseUnnormalized: 'lossRiseUnnormalized',
  lossRiseUnnormalizedSd: 'lossRiseUnnormalizedSd',
  curvature: 'curvature1d',
  /** 1 when Lanczos reached its residual tolerance at the minimizer, 0 when it hit its step cap. */
  lanczosConverged: 'lanczosConverged',
  weightNorm: 'weightNorm',
  trainLoss: 'trainLoss',
  testError: 'testError',
  trainError: 'trainError',
} as const;
