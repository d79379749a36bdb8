/**
 * The paper's claims, each checked against this project's data. A claim measures effects over the design's
 * replicates (src/lib/design.ts): differences between configurations, paired by seed, each with a 95 % t-interval
 * (src/lib/stats.ts); its verdict comes from the one rule in src/lib/verdict.ts (verdictOf), never from a rule of its
 * own. The article and `npm run findings` print these; neither writes a conclusion by hand.
 *
 * Missing data never throws: an effect whose inputs are absent gets difference null (status 'unclear') and the claim
 * a note. A malformed result file (a SchemaError from the loader) does throw: it is a bug, not a gap.
 */
import { BATCH_RUNS, BATCH_SETTINGS, SHARPNESS, ids, type BatchRunKey, type Design } from './design.js';
import {
  basinHalfWidth,
  convexityCentreRatio,
  convexityFraction,
  finalTestError,
  radialNonMonotonicity,
  rimRise,
  scalar,
  type Load,
} from './findings.js';
import { formatParam } from './format.js';
import { interval, median, oneSample } from './stats.js';
import type { Claim, Effect } from './verdict.js';
import { formatInterval, formatValue, significant } from './claims-format.js';
import type { Artifact } from './schema.js';
import { artifact, claim, compare, effect, fmtEffect, Inputs, single, type EffectSpec, type Measure } from './replicates.js';

export type { Claim, Effect, EffectStatus, Interval, Unit, Verdict } from './verdict.js';
export { RULE, effectStatus, verdictOf } from './verdict.js';
export { formatEffect, formatInterval, formatValue } from './claims-format.js';

/** The rim of a surface for rimRise: grid points at distance ≥ RIM_RADIUS (in α, β units) from the minimizer. */
export const RIM_RADIUS = 0.9;
/** |λmin/λmax| below this counts as convex (the paper's "near zero"). */
export const CONVEX_RATIO = 0.1;
/** Trajectories: the paper reports 40–90 % of the variation in the top two PCA directions; the claim tests > 40 %. */
export const EXPLAINED_THRESHOLD = 0.4;
/** The sharpness probe's flag: 1 when the Lanczos estimate of λmin, λmax reached its tolerance, 0 when not. */
export const LANCZOS_CONVERGED = SHARPNESS.lanczosConverged;
/** Interpolation basin half-width: the |α| at which the train loss first exceeds its value at the end by this. */
export const BASIN_RISE = 0.1;

// ─── Measures ──────────────────────────────────────────────────────────────────────────────────────────────────────

const sharpnessScalar = (name: string): Measure => ({
  what: `scalar '${name}'`,
  of: (r) => {
    artifact(r, 'scalars', 'sharpness');
    return scalar(r, name, 'sharpness');
  },
});
/** Test error on the full test set: the sharpness probe's value, else the last epoch's. */
const batchTestError: Measure = { what: 'test error', of: (r) => scalar(r, SHARPNESS.testError, 'sharpness') ?? finalTestError(r) };
const testError: Measure = { what: 'test error', of: finalTestError };
const nonMonotone: Measure = { what: 'surface', of: (r) => radialNonMonotonicity(artifact(r, 'surface2d', 'surface')) };
const rim: Measure = { what: 'rim rise of the surface', of: (r) => rimRise(artifact(r, 'surface2d', 'surface'), RIM_RADIUS) };
const explained2: Measure = {
  what: 'trajectory',
  of: (r) => {
    const t = artifact(r, 'trajectory', 'trajectory');
    return t.explainedVariance[0] + t.explainedVariance[1];
  },
};

const run = (key: BatchRunKey) => BATCH_RUNS.find((r) => r.key === key)!;
const batchLabel = (key: BatchRunKey) => `batch ${run(key).batchSize}`;

// ─── Claims ────────────────────────────────────────────────────────────────────────────────────────────────────────

/** Small vs large batch (paper Sec. 5): small batches find flatter minimizers (filter-normalized) that generalize better. */
export function batchSizeClaim(load: Load, d: Design): Claim {
  const inputs = new Inputs(load);
  const effects: Effect[] = [];
  for (const s of BATCH_SETTINGS) {
    const side = (key: BatchRunKey, m: Measure) => ({ label: batchLabel(key), values: inputs.values((seed) => ids.batch(key, seed), d.seeds, m) });
    const vs = `${batchLabel(s.large)} − ${batchLabel(s.small)}`;
    effects.push(
      compare(inputs, { key: `${s.key}.testError`, label: `${s.label}: test error, ${vs}`, unit: 'percent', paperSign: 1 }, side(s.large, batchTestError), side(s.small, batchTestError)),
      compare(
        inputs,
        { key: `${s.key}.lossRise`, label: `${s.label}: filter-normalized loss rise at α = ±0.5, ${vs}`, unit: 'loss', paperSign: 1 },
        side(s.large, sharpnessScalar(SHARPNESS.lossRise)),
        side(s.small, sharpnessScalar(SHARPNESS.lossRise)),
      ),
      compare(
        inputs,
        { key: `${s.key}.lambdaMax`, label: `${s.label}: λmax at the minimizer, ${vs}`, unit: 'number', paperSign: 0 },
        side(s.large, sharpnessScalar(SHARPNESS.lambdaMax)),
        side(s.small, sharpnessScalar(SHARPNESS.lambdaMax)),
      ),
    );
  }
  const get = (k: string) => effects.find((e) => e.key === k);
  const per = (what: string) => BATCH_SETTINGS.map((s) => `${s.label} ${fmtEffect(get(`${s.key}.${what}`))}`).join(', ');
  return claim(
    inputs,
    'batch-size',
    'Small-batch training finds flatter minimizers that generalize better than large-batch ones; filter-normalized plots make sharpness track generalization.',
    effects,
    `Large − small batch, mean [95 % interval] over seeds: test error ${per('testError')}; filter-normalized loss rise at α = ±0.5 ${per('lossRise')}.`,
  );
}

/**
 * Weight decay (paper Sec. 5, Figs. 2–3): without it small batches give larger weights, with it smaller; the scale
 * difference flips which minimizer looks sharper in unnormalized plots, and filter normalization removes the flip.
 */
export function weightDecayClaim(load: Load, d: Design): Claim {
  const inputs = new Inputs(load);
  const effects: Effect[] = [];
  const settings = BATCH_SETTINGS.filter((s) => s.key === 'sgd' || s.key === 'sgd-wd');
  for (const s of settings) {
    const wd = s.weightDecay > 0;
    const name = wd ? `Weight decay ${formatParam(s.weightDecay)}` : 'No weight decay';
    const side = (key: BatchRunKey, m: Measure) => ({ label: batchLabel(key), values: inputs.values((seed) => ids.batch(key, seed), d.seeds, m) });
    const vs = `${batchLabel(s.large)} − ${batchLabel(s.small)}`;
    const norm = sharpnessScalar(SHARPNESS.weightNorm);
    effects.push(
      compare(
        inputs,
        { key: `${s.key}.weightNorm`, label: `${name}: log(weight norm, ${batchLabel(s.small)} / ${batchLabel(s.large)})`, unit: 'number', paperSign: wd ? -1 : 1 },
        side(s.small, norm),
        side(s.large, norm),
        Math.log,
      ),
      compare(
        inputs,
        { key: `${s.key}.unnormalizedRise`, label: `${name}: unnormalized loss rise (one Gaussian direction per seed, shared by the runs), ${vs}`, unit: 'loss', paperSign: wd ? -1 : 1 },
        side(s.large, sharpnessScalar(SHARPNESS.lossRiseUnnormalized)),
        side(s.small, sharpnessScalar(SHARPNESS.lossRiseUnnormalized)),
      ),
      compare(
        inputs,
        { key: `${s.key}.filterRise`, label: `${name}: filter-normalized loss rise at α = ±0.5, ${vs}`, unit: 'loss', paperSign: 0 },
        side(s.large, sharpnessScalar(SHARPNESS.lossRise)),
        side(s.small, sharpnessScalar(SHARPNESS.lossRise)),
      ),
    );
  }
  for (const s of settings) {
    const name = s.weightDecay > 0 ? `Weight decay ${formatParam(s.weightDecay)}` : 'No weight decay';
    const curve = (at: number): Measure => ({ what: `basin half-width at α = ${at}`, of: (r) => basinHalfWidth(artifact(r, 'curve1d', 'interpolation'), BASIN_RISE, at) });
    const id = ids.interpolation(s.interp, 1);
    effects.push(
      single(
        {
          key: `${s.key}.interpolationHalfWidth`,
          label: `${name}: interpolation basin half-width (train loss + ${BASIN_RISE}), at the ${batchLabel(s.small)} end − at the ${batchLabel(s.large)} end (replicate 1)`,
          unit: 'number',
          paperSign: 0,
        },
        { label: `${batchLabel(s.small)} (α = 0)`, value: inputs.value(id, curve(0)) },
        { label: `${batchLabel(s.large)} (α = 1)`, value: inputs.value(id, curve(1)) },
      ),
    );
  }
  const get = (k: string) => effects.find((e) => e.key === k);
  const ratio = (k: string) => {
    const iv = get(k)?.difference;
    if (!iv) return 'no data';
    const x = (v: number) => significant(Math.exp(v));
    return iv.n < 2 ? `×${x(iv.mean)}` : `×${x(iv.mean)} [${x(iv.lo)}, ${x(iv.hi)}]`;
  };
  return claim(
    inputs,
    'weight-decay',
    'Without weight decay small-batch weights are larger than large-batch ones, with weight decay smaller; that scale difference flips which minimizer looks sharper in unnormalized plots, and filter normalization removes the flip.',
    effects,
    `Weight norm, small / large batch (geometric mean [95 % interval] over seeds): ${ratio('sgd.weightNorm')} without weight decay, ${ratio('sgd-wd.weightNorm')} with it; ` +
      `unnormalized loss rise, large − small batch: ${fmtEffect(get('sgd.unnormalizedRise'))} without, ${fmtEffect(get('sgd-wd.unnormalizedRise'))} with; ` +
      `filter-normalized: ${fmtEffect(get('sgd.filterRise'))} without, ${fmtEffect(get('sgd-wd.filterRise'))} with.`,
    ['The interpolation half-widths are one replicate (replicate 1): reported, not tested.'],
  );
}

/** Depth and skip connections (paper Sec. 6): without shortcuts, landscapes turn chaotic as depth grows. */
export function skipConnectionClaim(load: Load, d: Design): Claim {
  const inputs = new Inputs(load);
  const depths = [...d.depths].sort((x, y) => x - y);
  const deep = depths[depths.length - 1];
  const shallow = depths[0];
  const side = (depth: number, shortcut: boolean, m: Measure) => ({
    label: `ResNet-${depth} ${shortcut ? 'with' : 'without'} skips`,
    values: inputs.values((seed) => ids.resnet(depth, shortcut, seed), d.convSeeds, m),
  });
  const dips = 'fraction of grid points where the loss dips outward';
  const effects: Effect[] = [];
  effects.push(
    compare(inputs, { key: `resnet${deep}.nonMonotone`, label: `ResNet-${deep}: ${dips}, no skip − skip`, unit: 'fraction', paperSign: 1 }, side(deep, false, nonMonotone), side(deep, true, nonMonotone)),
  );
  const trend = (shortcut: boolean, paperSign: 1 | 0): Effect => {
    const spec: EffectSpec = { key: `${shortcut ? 'skip' : 'noskip'}.depthTrend`, label: `${shortcut ? 'With' : 'Without'} skips: ${dips}, ResNet-${deep} − ResNet-${shallow}`, unit: 'fraction', paperSign };
    if (deep === shallow) return effect(spec, null);
    return compare(inputs, spec, side(deep, shortcut, nonMonotone), side(shallow, shortcut, nonMonotone));
  };
  effects.push(trend(false, 1));
  for (const depth of depths.filter((x) => x !== deep)) {
    effects.push(compare(inputs, { key: `resnet${depth}.nonMonotone`, label: `ResNet-${depth}: ${dips}, no skip − skip`, unit: 'fraction', paperSign: 0 }, side(depth, false, nonMonotone), side(depth, true, nonMonotone)));
  }
  effects.push(trend(true, 0));
  for (const depth of depths) {
    effects.push(
      compare(inputs, { key: `resnet${depth}.testError`, label: `ResNet-${depth}: test error, no skip − skip`, unit: 'percent', paperSign: 0 }, side(depth, false, testError), side(depth, true, testError)),
      compare(
        inputs,
        { key: `resnet${depth}.rimRise`, label: `ResNet-${depth}: loss rise at radius ≥ ${RIM_RADIUS}, no skip − skip`, unit: 'loss', paperSign: 0 },
        side(depth, false, rim),
        side(depth, true, rim),
      ),
    );
  }
  const get = (k: string) => effects.find((e) => e.key === k);
  return claim(
    inputs,
    'skip-connections',
    'Without skip connections, landscapes turn chaotic as depth grows; skip connections keep them smooth and convex-looking.',
    effects,
    `Fraction of grid points where the loss dips on the way out from the minimizer, mean [95 % interval] over seeds: ` +
      `ResNet-${deep} without − with skips ${fmtEffect(get(`resnet${deep}.nonMonotone`))}; without skips, ResNet-${deep} − ResNet-${shallow} ${fmtEffect(get('noskip.depthTrend'))}.`,
  );
}

/** Width (paper Sec. 6): wider models have flatter minimizers and generalize better. */
export function widthClaim(load: Load, d: Design): Claim {
  const inputs = new Inputs(load);
  const widths = [...d.widths].sort((x, y) => x - y);
  const narrow = widths[0];
  const wide = widths[widths.length - 1];
  const side = (w: number, m: Measure) => ({ label: `width ${w}`, values: inputs.values((seed) => ids.width(w, seed), d.seeds, m) });
  const pair = (a: number, b: number, paperSign: 1 | 0): Effect[] => {
    const key = paperSign ? '' : `width${a}-${b}.`;
    const rimSpec: EffectSpec = { key: `${key}rimRise`, label: `Loss rise at radius ≥ ${RIM_RADIUS}, width ${a} − width ${b}`, unit: 'loss', paperSign };
    const errSpec: EffectSpec = { key: `${key}testError`, label: `Test error, width ${a} − width ${b}`, unit: 'percent', paperSign };
    if (a === b) return [effect(rimSpec, null), effect(errSpec, null)];
    return [compare(inputs, rimSpec, side(a, rim), side(b, rim)), compare(inputs, errSpec, side(a, testError), side(b, testError))];
  };
  const effects = pair(narrow, wide, 1);
  for (let i = 0; i + 1 < widths.length; i++) {
    if (widths[i] === narrow && widths[i + 1] === wide) continue;
    effects.push(...pair(widths[i], widths[i + 1], 0));
  }
  const get = (k: string) => effects.find((e) => e.key === k);
  return claim(
    inputs,
    'width',
    'Wider models have flatter minimizers and wider convex-looking regions, and generalize better.',
    effects,
    `Width ${narrow} − width ${wide}, mean [95 % interval] over seeds: loss rise at radius ≥ ${RIM_RADIUS} ${fmtEffect(get('rimRise'))}; test error ${fmtEffect(get('testError'))}.`,
  );
}

/** Trajectories (paper Sec. 7): the top two PCA directions explain 40–90 % of an optimizer path's variation. */
export function trajectoryClaim(load: Load, d: Design): Claim {
  const inputs = new Inputs(load);
  const all: number[] = [];
  const perRun: Effect[] = [];
  for (const r of BATCH_RUNS) {
    const values = [...inputs.values((seed) => ids.batch(r.key, seed), d.seeds, explained2).values()];
    all.push(...values);
    const spec: EffectSpec = { key: `${r.key}.explained2`, label: `${r.label}: top-2 PCA explained variance − ${100 * EXPLAINED_THRESHOLD}%`, unit: 'fraction', paperSign: 0 };
    perRun.push(effect(spec, values.length ? oneSample(values, EXPLAINED_THRESHOLD) : null));
  }
  const spec: EffectSpec = {
    key: 'explained2',
    label: `Top-2 PCA explained variance − ${100 * EXPLAINED_THRESHOLD}%, every batch run and replicate`,
    unit: 'fraction',
    paperSign: 1,
  };
  const pooled = effect(spec, all.length ? oneSample(all, EXPLAINED_THRESHOLD) : null);
  const pct = (v: number) => formatValue(v, 'fraction');
  const range = all.length ? `median ${pct(median(all))} (range ${pct(Math.min(...all))} to ${pct(Math.max(...all))})` : 'no data';
  return claim(
    inputs,
    'trajectories',
    'Optimization trajectories lie in an extremely low-dimensional space: the top two PCA directions explain 40–90% of the variation.',
    [pooled, ...perRun],
    `The top two PCA directions explain a ${range} of the checkpoints' variation over ${all.length} trainings; ` +
      `the mean minus ${pct(EXPLAINED_THRESHOLD)} is ${fmtEffect(pooled)} (95 % interval).`,
    all.length ? ['The pooled interval treats the six configurations and their replicates as one sample.'] : [],
  );
}

/** Convexity (paper Sec. 6, Fig. 7): at minimizers of well-behaved nets |λmin/λmax| is near zero. */
export function convexityClaim(load: Load, d: Design): Claim {
  const inputs = new Inputs(load);
  const effects: Effect[] = [];
  const keys: BatchRunKey[] = ['sgd-small', 'sgd-large'];
  const ratio = sharpnessScalar(SHARPNESS.ratio);
  for (const key of keys) {
    const values = [...inputs.values((seed) => ids.batch(key, seed), d.seeds, ratio).values()];
    const spec: EffectSpec = { key: `${key}.centreRatio`, label: `${run(key).label}: ${CONVEX_RATIO} − |λmin/λmax| at the minimizer`, unit: 'ratio', paperSign: 1 };
    effects.push(effect(spec, values.length ? interval(values.map((v) => CONVEX_RATIO - v)) : null));
  }
  const map = (what: string, f: (c: Extract<Artifact, { kind: 'convexity' }>) => number | null): Measure => ({ what, of: (r) => f(artifact(r, 'convexity', 'convexity')) });
  const below = map(`convexity map`, (c) => convexityFraction(c, (v) => v < CONVEX_RATIO));
  const above = map(`convexity map`, (c) => convexityFraction(c, (v) => v > CONVEX_RATIO));
  const centre = map(`centre of the convexity map`, convexityCentreRatio);
  for (const key of keys) {
    effects.push(
      single(
        { key: `${key}.mapConvexFraction`, label: `${run(key).label}: fraction of the map's points with |λmin/λmax| < ${CONVEX_RATIO} (replicate 1)`, unit: 'fraction', paperSign: 0 },
        { label: run(key).label, value: inputs.value(ids.batch(key, 1), below) },
      ),
    );
  }
  const cd = d.convexityDepth;
  const conv = (shortcut: boolean, m: Measure) => ({ label: `ResNet-${cd} ${shortcut ? 'with' : 'without'} skips`, value: inputs.value(ids.resnet(cd, shortcut, 1), m) });
  effects.push(
    single(
      { key: `resnet${cd}.centreRatio`, label: `ResNet-${cd}: |λmin/λmax| at the map's centre, no skip − skip (replicate 1)`, unit: 'ratio', paperSign: 0 },
      conv(false, centre),
      conv(true, centre),
    ),
    single(
      { key: `resnet${cd}.nonConvexFraction`, label: `ResNet-${cd}: fraction of the map's points with |λmin/λmax| > ${CONVEX_RATIO}, no skip − skip (replicate 1)`, unit: 'fraction', paperSign: 0 },
      conv(false, above),
      conv(true, above),
    ),
  );
  // The sharpness probe records whether Lanczos reached its tolerance (scalar 'lanczosConverged', 1 or 0; not part
  // of design.ts's SHARPNESS contract, so read only when present).
  const unconverged = keys.flatMap((key) =>
    d.seeds.map((seed) => ids.batch(key, seed)).filter((id) => {
      const r = inputs.result(id);
      return r !== null && scalar(r, LANCZOS_CONVERGED, 'sharpness') === 0;
    }),
  );
  const lanczosNote = unconverged.length ? [`Lanczos did not reach its tolerance at the minimizer (${unconverged.length}), included: ${unconverged.join(', ')}.`] : [];
  const get = (k: string) => effects.find((e) => e.key === k);
  const centreOf = (k: BatchRunKey) => {
    const e = get(`${k}.centreRatio`);
    return e?.difference ? formatInterval({ ...e.difference, mean: CONVEX_RATIO - e.difference.mean, lo: CONVEX_RATIO - e.difference.hi, hi: CONVEX_RATIO - e.difference.lo }, 'ratio') : 'no data';
  };
  return claim(
    inputs,
    'convexity',
    'Around minimizers of well-behaved nets, the Hessian has |λmin/λmax| near zero: the convex-looking region is really convex; deep nets without skip connections show large negative curvature.',
    effects,
    `|λmin/λmax| at the minimizer, mean [95 % interval] over seeds: ${run('sgd-small').label} ${centreOf('sgd-small')}, ${run('sgd-large').label} ${centreOf('sgd-large')} ` +
      `(convex: below ${CONVEX_RATIO}).`,
    [...lanczosNote, 'The convexity maps (MLP and ResNet) are one replicate each (replicate 1): their numbers are reported, not tested.'],
  );
}

/** The six claims, in the article's order of sections. */
export function allClaims(load: Load, d: Design): Claim[] {
  return [batchSizeClaim(load, d), weightDecayClaim(load, d), skipConnectionClaim(load, d), widthClaim(load, d), trajectoryClaim(load, d), convexityClaim(load, d)];
}

/** Every experiment id the claims read for a design (the site checks these exist). */
export function claimInputIds(d: Design): string[] {
  const out: string[] = [];
  for (const r of BATCH_RUNS) for (const s of d.seeds) out.push(ids.batch(r.key, s));
  for (const s of BATCH_SETTINGS) if (s.key === 'sgd' || s.key === 'sgd-wd') out.push(ids.interpolation(s.interp, 1));
  for (const depth of d.depths) for (const shortcut of [true, false]) for (const s of d.convSeeds) out.push(ids.resnet(depth, shortcut, s));
  for (const w of d.widths) for (const s of d.seeds) out.push(ids.width(w, s));
  return [...new Set(out)];
}
