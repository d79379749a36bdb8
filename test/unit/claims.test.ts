/**
 * The claims on literal fixtures: a "paper world" in which every predicted effect holds with a tight interval over
 * three seeds, and variations of it that contradict, blur (interval straddles 0), remove data, cut replicates, or
 * mark trainings as diverged / not converged. Every number asserted here is computed by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import {
  allClaims,
  batchSizeClaim,
  claimInputIds,
  convexityClaim,
  formatEffect,
  formatInterval,
  formatValue,
  skipConnectionClaim,
  trajectoryClaim,
  weightDecayClaim,
  widthClaim,
  type Claim,
  type Effect,
} from '../../src/lib/claims';
import { BATCH_RUNS, design, ids, type BatchRunKey, type Design } from '../../src/lib/design';
import { SchemaError, validateResult, type Artifact, type ExperimentResult } from '../../src/lib/schema';
import { effectStatus, verdictOf, type Interval } from '../../src/lib/verdict';
import {
  convexityFixture,
  curveFixture,
  experimentFixture,
  scalarsFixture,
  surfaceFixture,
  trainingFixture,
  trajectoryFixture,
} from '../helpers/fixtures';

/** t₀.₉₇₅(2)/√3: a 3-seed interval's half-width per unit sd. */
const K3 = 4.30265273 / Math.sqrt(3);
/** A decisive spread over seeds 1, 2, 3: mean 0.3, sd 0.1, 95 % interval 0.3 ± 0.1·K3 = [0.0516, 0.548]. */
const step = (s: number) => [0.2, 0.3, 0.4][s - 1];
/** A spread that straddles 0: mean 0.1, sd 0.3. */
const blur = (s: number) => [-0.2, 0.1, 0.4][s - 1];

const D: Design = { profile: 'standard', seeds: [1, 2, 3], convSeeds: [1, 2, 3], depths: [8, 14], widths: [16, 32, 64], convexityDepth: 8, curveDirections: 2 };

interface BatchValues {
  testError: number;
  lossRise: number;
  lossRiseUnnormalized: number;
  lambdaMax: number;
  weightNorm: number;
  curvatureRatio: number;
  explained: [number, number];
  diverged?: boolean;
  converged?: boolean;
}

function batchDefaults(key: BatchRunKey, s: number): BatchValues {
  const large = key.includes('large');
  const wd = key.endsWith('-wd');
  const adam = key.startsWith('adam');
  const r = BATCH_RUNS.findIndex((x) => x.key === key);
  return {
    // large − small: +step/10 (mean 3 pp)
    testError: large ? 0.1 + step(s) / 10 : 0.1,
    // large − small: +step (mean 0.3)
    lossRise: large ? 0.5 + step(s) : 0.5,
    // large − small: +step without weight decay, −step with it
    lossRiseUnnormalized: !large || adam ? 1 : wd ? 1 - step(s) : 1 + step(s),
    lambdaMax: large ? 20 : 10,
    // small / large: 1.2, 1.25, 1.3 without weight decay; 0.8, 0.75, 0.7 with it
    weightNorm: large || adam ? 2 : wd ? [1.6, 1.5, 1.4][s - 1] : [2.4, 2.5, 2.6][s - 1],
    curvatureRatio: (large ? 0.01 : 0) + [0.01, 0.02, 0.03][s - 1],
    // pc1 + pc2 = 0.6 + 0.02 r + 0.01 s: 0.61 … 0.73, mean 0.67, median 0.67
    explained: [0.5 + 0.02 * r, 0.1 + 0.01 * s],
  };
}

/** Bowl a² + b² on a 5×5 grid with the first k of its 16 outer points set to 0: radial non-monotonicity k/24. */
const dippy = (k: number, c = 1) =>
  surfaceFixture((a, b, i, j) => {
    const outer = Math.max(Math.abs(i - 2), Math.abs(j - 2)) === 2;
    const index = outer ? outerIndex(i, j) : -1;
    return outer && index < k ? 0 : c * (a * a + b * b);
  });
const OUTER: Array<[number, number]> = [];
for (let j = 0; j < 5; j++) for (let i = 0; i < 5; i++) if (Math.max(Math.abs(i - 2), Math.abs(j - 2)) === 2) OUTER.push([i, j]);
const outerIndex = (i: number, j: number) => OUTER.findIndex(([a, b]) => a === i && b === j);
// rimRise(c·bowl, 0.9) = c·(4·2 + 8·1.25 + 4·1)/16 = 1.375 c

const AXIS3 = [-1, 0, 1];
const INTERP_X = [-0.5, -0.25, 0, 0.25, 0.5, 0.75, 1, 1.25, 1.5];
// Basin half-width (+0.1) at α = 0: 0.5; at α = 1: 0.25.
const interpLoss = (a: number) => (a <= 0.5 ? a * a : 4 * (a - 1) ** 2);

interface WorldOptions {
  batch?: (key: BatchRunKey, s: number, v: BatchValues) => Partial<BatchValues>;
  resnet?: (depth: number, shortcut: boolean, s: number) => { dips?: number; testError?: number };
  width?: (w: number, s: number) => { c?: number; testError?: number };
  convexityRatio?: (key: 'sgd-small' | 'sgd-large') => number[];
}

function world(d: Design = D, o: WorldOptions = {}): Map<string, ExperimentResult> {
  const m = new Map<string, ExperimentResult>();
  const add = (r: ExperimentResult) => m.set(r.id, r);
  for (const run of BATCH_RUNS) {
    for (const s of d.seeds) {
      const base = batchDefaults(run.key, s);
      const v = { ...base, ...(o.batch?.(run.key, s, base) ?? {}) };
      const id = ids.batch(run.key, s);
      const artifacts: Artifact[] = [
        trainingFixture({ testError: v.testError, diverged: v.diverged, converged: v.converged }),
        scalarsFixture({
          lossRise05: v.lossRise,
          lossRiseUnnormalized: v.lossRiseUnnormalized,
          lambdaMax: v.lambdaMax,
          lambdaMin: -v.curvatureRatio * v.lambdaMax,
          curvatureRatio: v.curvatureRatio,
          weightNorm: v.weightNorm,
          testError: v.testError,
          trainError: 0.05,
          trainLoss: 0.1,
        }),
        trajectoryFixture(v.explained),
      ];
      if (s === 1 && (run.key === 'sgd-small' || run.key === 'sgd-large')) {
        const ratio = o.convexityRatio?.(run.key) ?? (run.key === 'sgd-small' ? [0.5, 0.05, 0.05, 0.05, 0.01, 0.05, 0.05, 0.05, 0.5] : [0.5, 0.5, 0.05, 0.05, 0.02, 0.05, 0.05, 0.05, 0.5]);
        artifacts.push(convexityFixture(AXIS3, ratio));
      }
      add(experimentFixture(id, artifacts));
    }
  }
  for (const interp of ['interp-sgd', 'interp-sgd-wd', 'interp-adam'] as const) {
    add(experimentFixture(interp, [trainingFixture({ testError: 0.1, id: 'training-1' }), trainingFixture({ testError: 0.12, id: 'training-2' }), curveFixture(INTERP_X, interpLoss)]));
  }
  const deepest = Math.max(...d.depths);
  for (const depth of d.depths) {
    for (const shortcut of [true, false]) {
      for (const s of d.convSeeds) {
        const v = { dips: shortcut ? 0 : depth === deepest ? [6, 8, 10][s - 1] : 1, testError: shortcut ? 0.1 : 0.12, ...(o.resnet?.(depth, shortcut, s) ?? {}) };
        const artifacts: Artifact[] = [trainingFixture({ testError: v.testError }), dippy(v.dips)];
        if (s === 1 && depth === d.convexityDepth) {
          // no skip: 0.6 everywhere but one corner (8/9 of the points > 0.1); skip: centre 0.01, corners 0.3 (4/9 > 0.1)
          artifacts.push(convexityFixture(AXIS3, shortcut ? [0.3, 0.02, 0.3, 0.02, 0.01, 0.02, 0.3, 0.02, 0.3] : [0.05, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6]));
        }
        add(experimentFixture(ids.resnet(depth, shortcut, s), artifacts));
      }
    }
  }
  const narrowest = Math.min(...d.widths);
  for (const w of d.widths) {
    for (const s of d.seeds) {
      // narrowest − others: rim rise 1.375·step (mean 0.4125), test error step/10 (mean 3 pp)
      const v = { c: w === narrowest ? 1 + step(s) : 1, testError: w === narrowest ? 0.1 + step(s) / 10 : 0.1, ...(o.width?.(w, s) ?? {}) };
      add(experimentFixture(ids.width(w, s), [trainingFixture({ testError: v.testError }), dippy(0, v.c)]));
    }
  }
  return m;
}

const loader = (m: Map<string, ExperimentResult>) => (id: string) => {
  const r = m.get(id);
  if (!r) throw new Error(`precomputed/${id}.json: missing`);
  return r;
};

const effectOf = (c: Claim, key: string): Effect => {
  const e = c.effects.find((x) => x.key === key);
  if (!e) throw new Error(`no effect ${key} in ${c.id}: ${c.effects.map((x) => x.key).join(', ')}`);
  return e;
};

function expectInterval(iv: Interval | null, mean: number, lo: number, hi: number, n: number) {
  expect(iv).not.toBeNull();
  expect(iv!.mean).toBeCloseTo(mean, 9);
  expect(iv!.lo).toBeCloseTo(lo, 9);
  expect(iv!.hi).toBeCloseTo(hi, 9);
  expect(iv!.n).toBe(n);
}
/** mean 0.3, sd 0.1 over 3 seeds, scaled. */
const expectStep = (iv: Interval | null, scale = 1, sign = 1) =>
  expectInterval(iv, sign * 0.3 * scale, sign > 0 ? (0.3 - 0.1 * K3) * scale : -(0.3 + 0.1 * K3) * scale, sign > 0 ? (0.3 + 0.1 * K3) * scale : -(0.3 - 0.1 * K3) * scale, 3);

const iv = (mean: number, lo: number, hi: number, n = 3): Interval => ({ mean, lo, hi, n });

describe('the verdict rule (verdict.ts)', () => {
  it('effectStatus: each branch', () => {
    expect(effectStatus(0, iv(1, 0.5, 1.5))).toBe('reported');
    expect(effectStatus(0, null)).toBe('reported');
    expect(effectStatus(1, null)).toBe('unclear');
    expect(effectStatus(1, iv(1, 1, 1, 1))).toBe('unclear'); // one replicate: no interval
    expect(effectStatus(1, iv(1, 0.5, 1.5))).toBe('as paper');
    expect(effectStatus(-1, iv(1, 0.5, 1.5))).toBe('opposite');
    expect(effectStatus(-1, iv(-1, -1.5, -0.5))).toBe('as paper');
    expect(effectStatus(1, iv(-1, -1.5, -0.5))).toBe('opposite');
    expect(effectStatus(1, iv(0.2, -0.1, 0.5))).toBe('unclear');
    expect(effectStatus(1, iv(0.2, 0, 0.5))).toBe('unclear'); // an interval touching 0 does not exclude it
  });
  const e = (paperSign: 1 | -1 | 0, status: Effect['status']): Effect => ({ key: 'k', label: 'k', unit: 'number', paperSign, difference: null, status });
  it('verdictOf: each branch', () => {
    expect(verdictOf([e(1, 'as paper'), e(-1, 'as paper'), e(0, 'reported')])).toBe('reproduced');
    expect(verdictOf([e(1, 'as paper'), e(1, 'opposite')])).toBe('contradicted');
    expect(verdictOf([e(1, 'unclear'), e(1, 'opposite')])).toBe('contradicted');
    expect(verdictOf([e(1, 'as paper'), e(1, 'unclear')])).toBe('inconclusive');
    expect(verdictOf([e(0, 'reported')])).toBe('inconclusive'); // nothing predicted: nothing reproduced
    expect(verdictOf([])).toBe('inconclusive');
  });
});

describe('formatting', () => {
  it('errors in percent, their differences in percentage points', () => {
    expect(formatValue(0.123, 'percent')).toBe('12.3%');
    expect(formatValue(0.03, 'percent', true)).toBe('+3.0 pp');
    expect(formatValue(-0.03, 'fraction', true)).toBe('-3.0 pp');
    expect(formatValue(0.3, 'loss', true)).toBe('+0.3');
    expect(formatValue(12345, 'number')).toBe('1.23e+4');
    expect(formatInterval(iv(0.03, 0.005, 0.055), 'percent', true)).toBe('+3.0 pp [+0.5, +5.5]');
    expect(formatInterval(iv(0.3, 0.0516, 0.548), 'loss')).toBe('0.3 [0.0516, 0.548]');
    expect(formatInterval(iv(0.25, 0.25, 0.25, 1), 'number', true)).toBe('+0.25');
  });
  it('an effect as the findings table prints it', () => {
    const e: Effect = { key: 'k', label: 'SGD: test error, batch 2048 − batch 64', unit: 'percent', paperSign: 1, difference: iv(0.03, 0.005, 0.055), status: 'as paper' };
    expect(formatEffect(e)).toBe('SGD: test error, batch 2048 − batch 64: +3.0 pp [+0.5, +5.5] (n=3) as paper');
    expect(formatEffect({ ...e, difference: null, status: 'unclear' })).toBe('SGD: test error, batch 2048 − batch 64: no data (n=0) unclear');
  });
});

describe('fixtures', () => {
  it('are schema-valid results', () => {
    for (const r of world().values()) expect(validateResult(JSON.parse(JSON.stringify(r)), `${r.id}.json`).id).toBe(r.id);
  });
});

describe('batch-size claim', () => {
  it('reproduced: every setting, both test error and filter-normalized sharpness, paired by seed', () => {
    const c = batchSizeClaim(loader(world()), D);
    expect(c.verdict).toBe('reproduced');
    expect(c.id).toBe('batch-size');
    for (const s of ['sgd', 'sgd-wd', 'adam']) {
      expect(effectOf(c, `${s}.testError`).status).toBe('as paper');
      expectStep(effectOf(c, `${s}.testError`).difference, 0.1);
      expectStep(effectOf(c, `${s}.lossRise`).difference);
      expect(effectOf(c, `${s}.lambdaMax`).status).toBe('reported');
      expectInterval(effectOf(c, `${s}.lambdaMax`).difference, 10, 10, 10, 3);
    }
    expect(effectOf(c, 'sgd.testError').label).toBe('SGD: test error, batch 2048 − batch 64');
    expectInterval(effectOf(c, 'sgd.testError').a!.value, 0.13, 0.13 - 0.01 * K3, 0.13 + 0.01 * K3, 3);
    expect(effectOf(c, 'sgd.testError').b!.label).toBe('batch 64');
    expectInterval(effectOf(c, 'sgd.testError').b!.value, 0.1, 0.1, 0.1, 3);
    expect(c.summary).toBe(
      'Large − small batch, mean [95 % interval] over seeds: test error SGD +3.0 pp [+0.5, +5.5], SGD + weight decay +3.0 pp [+0.5, +5.5], Adam +3.0 pp [+0.5, +5.5]; ' +
        'filter-normalized loss rise at α = ±0.5 SGD +0.3 [+0.0516, +0.548], SGD + weight decay +0.3 [+0.0516, +0.548], Adam +0.3 [+0.0516, +0.548].',
    );
    expect(c.notes).toEqual([]);
  });

  it('contradicted: Adam small batches generalize worse with a clear interval', () => {
    const c = batchSizeClaim(loader(world(D, { batch: (key, s) => (key === 'adam-small' ? { testError: 0.1 + step(s) / 5 } : {}) })), D);
    // large − small = step/10 − step/5 = −step/10
    expectStep(effectOf(c, 'adam.testError').difference, 0.1, -1);
    expect(effectOf(c, 'adam.testError').status).toBe('opposite');
    expect(c.verdict).toBe('contradicted');
  });

  it('inconclusive: an interval that straddles 0', () => {
    const c = batchSizeClaim(loader(world(D, { batch: (key, s) => (key === 'sgd-large-wd' ? { lossRise: 0.5 + blur(s) } : {}) })), D);
    // differences −0.2, 0.1, 0.4: mean 0.1, sd 0.3
    expectInterval(effectOf(c, 'sgd-wd.lossRise').difference, 0.1, 0.1 - 0.3 * K3, 0.1 + 0.3 * K3, 3);
    expect(effectOf(c, 'sgd-wd.lossRise').status).toBe('unclear');
    expect(c.verdict).toBe('inconclusive');
  });

  it('missing results: no data, unclear, inconclusive, and notes naming them', () => {
    const w = world();
    for (const s of D.seeds) w.delete(ids.batch('adam-large', s));
    const c = batchSizeClaim(loader(w), D);
    expect(effectOf(c, 'adam.testError').difference).toBeNull();
    expect(effectOf(c, 'adam.testError').status).toBe('unclear');
    expect(effectOf(c, 'sgd.testError').status).toBe('as paper');
    expect(c.verdict).toBe('inconclusive');
    expect(c.notes).toEqual([
      'Missing results (3): batch-adam-large, batch-adam-large-s2, batch-adam-large-s3.',
      'No data for: Adam: test error, batch 2048 − batch 64; Adam: filter-normalized loss rise at α = ±0.5, batch 2048 − batch 64.',
    ]);
    expect(c.summary).toContain('Adam no data');
  });

  it('a missing artifact or value is noted, not thrown', () => {
    const w = world();
    const r = w.get('batch-sgd-small-s2')!;
    w.set(r.id, { ...r, artifacts: r.artifacts.filter((a) => a.kind !== 'scalars') });
    const c = batchSizeClaim(loader(w), D);
    // test error falls back to the training's last epoch; the loss rise has 2 of 3 small-batch seeds: Welch
    expectStep(effectOf(c, 'sgd.testError').difference, 0.1);
    expect(effectOf(c, 'sgd.lossRise').difference!.n).toBe(2);
    expect(c.notes).toContain("Values not available (1): batch-sgd-small-s2: no scalars artifact 'sharpness'.");
  });

  it('one replicate: no interval, so inconclusive, and a note', () => {
    const d1 = { ...D, seeds: [1] };
    const c = batchSizeClaim(loader(world(d1)), d1);
    expectInterval(effectOf(c, 'sgd.testError').difference, 0.02, 0.02, 0.02, 1);
    expect(effectOf(c, 'sgd.testError').status).toBe('unclear');
    expect(c.verdict).toBe('inconclusive');
    expect(c.notes).toHaveLength(1);
    expect(c.notes[0]).toMatch(/^One replicate only, so no interval and no decision: SGD: test error, batch 2048 − batch 64; /);
  });

  it('two replicates: t(1) intervals, and a note', () => {
    const d2 = { ...D, seeds: [1, 2] };
    const c = batchSizeClaim(loader(world(d2)), d2);
    // differences 0.02, 0.03: mean 0.025, sd 0.00707, half 12.706·0.00707/√2 = 0.0635
    expectInterval(effectOf(c, 'sgd.testError').difference, 0.025, 0.025 - 12.706204736 * 0.005, 0.025 + 12.706204736 * 0.005, 2);
    expect(c.verdict).toBe('inconclusive');
    expect(c.notes[0]).toMatch(/^Fewer than 3 replicates: SGD: test error, batch 2048 − batch 64 \(n=2\); /);
  });

  it('not converged: noted with ids, still counted; diverged: excluded, unpaired', () => {
    const c = batchSizeClaim(
      loader(
        world(D, {
          batch: (key, s) => (key === 'sgd-small' && s === 2 ? { converged: false } : key === 'sgd-large' && s === 3 ? { diverged: true } : key === 'adam-small' ? { converged: true } : {}),
        }),
      ),
      D,
    );
    expect(c.notes).toEqual([
      'Diverged, excluded (1): batch-sgd-large-s3.',
      'Did not meet their convergence criterion (1), included: batch-sgd-small-s2.',
      'Fewer than 3 replicates: SGD: test error, batch 2048 − batch 64 (n=2); SGD: filter-normalized loss rise at α = ±0.5, batch 2048 − batch 64 (n=2).',
      'SGD: test error, batch 2048 − batch 64: unpaired (Welch) interval, the replicates differ (batch 2048: seeds 1, 2; batch 64: seeds 1, 2, 3).',
      'SGD: filter-normalized loss rise at α = ±0.5, batch 2048 − batch 64: unpaired (Welch) interval, the replicates differ (batch 2048: seeds 1, 2; batch 64: seeds 1, 2, 3).',
      'SGD: λmax at the minimizer, batch 2048 − batch 64: unpaired (Welch) interval, the replicates differ (batch 2048: seeds 1, 2; batch 64: seeds 1, 2, 3).',
    ]);
    // Welch: large 0.12, 0.13 (var 5e-5, n 2), small 0.1 ×3 (var 0): se = 0.005, df = 1 → ±12.706·0.005
    expectInterval(effectOf(c, 'sgd.testError').difference, 0.025, 0.025 - 12.706204736 * 0.005, 0.025 + 12.706204736 * 0.005, 2);
    expect(effectOf(c, 'sgd.testError').status).toBe('unclear');
    expect(c.verdict).toBe('inconclusive');
  });

  it('a malformed result (SchemaError) is not swallowed', () => {
    const load = (id: string): ExperimentResult => {
      throw new SchemaError(`${id}.json`, 'artifacts', 'an array', 3);
    };
    expect(() => batchSizeClaim(load, D)).toThrow(SchemaError);
  });
});

describe('weight-decay claim', () => {
  it('reproduced: the norm order flips with weight decay, and so does unnormalized sharpness', () => {
    const c = weightDecayClaim(loader(world()), D);
    expect(c.verdict).toBe('reproduced');
    // log(1.2, 1.25, 1.3): mean 0.222610, interval [0.123185, 0.322035]
    expectInterval(effectOf(c, 'sgd.weightNorm').difference, 0.2226097909, 0.1231846053, 0.3220349764, 3);
    expect(effectOf(c, 'sgd.weightNorm').paperSign).toBe(1);
    expect(effectOf(c, 'sgd.weightNorm').a!.value.mean).toBeCloseTo(2.5, 12); // reported as norms, not logs
    // log(0.8, 0.75, 0.7): mean −0.289167, interval [−0.455053, −0.123281]
    expectInterval(effectOf(c, 'sgd-wd.weightNorm').difference, -0.2891668559, -0.4550527967, -0.1232809151, 3);
    expect(effectOf(c, 'sgd-wd.weightNorm').status).toBe('as paper');
    expect(effectOf(c, 'sgd-wd.weightNorm').label).toBe('Weight decay 5e-4: log(weight norm, batch 64 / batch 2048)');
    expectStep(effectOf(c, 'sgd.unnormalizedRise').difference);
    expectStep(effectOf(c, 'sgd-wd.unnormalizedRise').difference, 1, -1);
    expect(effectOf(c, 'sgd-wd.unnormalizedRise').status).toBe('as paper');
    // filter-normalized: +0.3 in both settings (no flip), reported only
    expect(effectOf(c, 'sgd-wd.filterRise').status).toBe('reported');
    expectStep(effectOf(c, 'sgd-wd.filterRise').difference);
    // interpolation half-widths, replicate 1: 0.5 at the small-batch end − 0.25 at the large-batch end
    const h = effectOf(c, 'sgd.interpolationHalfWidth');
    expect(h.difference).toEqual({ mean: 0.25, lo: 0.25, hi: 0.25, n: 1 });
    expect(h.a!.value.mean).toBe(0.5);
    expect(h.status).toBe('reported');
    expect(c.summary).toBe(
      'Weight norm, small / large batch (geometric mean [95 % interval] over seeds): ×1.25 [1.13, 1.38] without weight decay, ×0.749 [0.634, 0.884] with it; ' +
        'unnormalized loss rise, large − small batch: +0.3 [+0.0516, +0.548] without, -0.3 [-0.548, -0.0516] with; filter-normalized: +0.3 [+0.0516, +0.548] without, +0.3 [+0.0516, +0.548] with.',
    );
    expect(c.notes).toEqual(['The interpolation half-widths are one replicate (replicate 1): reported, not tested.']);
  });

  it('contradicted: weight decay does not flip the norms (small-batch weights stay larger)', () => {
    const c = weightDecayClaim(loader(world(D, { batch: (key, s) => (key === 'sgd-small-wd' ? { weightNorm: [2.4, 2.5, 2.6][s - 1] } : {}) })), D);
    expect(effectOf(c, 'sgd-wd.weightNorm').status).toBe('opposite');
    expect(c.verdict).toBe('contradicted');
  });

  it('inconclusive: the unnormalized rise with weight decay straddles 0', () => {
    const c = weightDecayClaim(loader(world(D, { batch: (key, s) => (key === 'sgd-large-wd' ? { lossRiseUnnormalized: 1 + blur(s) } : {}) })), D);
    expect(effectOf(c, 'sgd-wd.unnormalizedRise').status).toBe('unclear');
    expect(c.verdict).toBe('inconclusive');
  });

  it('missing interpolation: the half-width is missing, the verdict unchanged', () => {
    const w = world();
    w.delete('interp-sgd-wd');
    const c = weightDecayClaim(loader(w), D);
    expect(effectOf(c, 'sgd-wd.interpolationHalfWidth').difference).toBeNull();
    expect(c.verdict).toBe('reproduced');
    expect(c.notes[0]).toBe('Missing results (1): interp-sgd-wd.');
  });

  it('a diverged interpolation training is named by its training id', () => {
    const w = world();
    const r = w.get('interp-sgd')!;
    w.set('interp-sgd', { ...r, artifacts: [trainingFixture({ testError: 0.1, id: 'training-1' }), trainingFixture({ testError: 0.9, id: 'training-2', diverged: true }), r.artifacts[2]] });
    const c = weightDecayClaim(loader(w), D);
    expect(c.notes[0]).toBe('Diverged, excluded (1): interp-sgd (training-2).');
    expect(effectOf(c, 'sgd.interpolationHalfWidth').difference).toBeNull();
  });
});

describe('skip-connections claim', () => {
  it('reproduced: deep nets without skips dip, more so than shallow ones', () => {
    const c = skipConnectionClaim(loader(world()), D);
    expect(c.verdict).toBe('reproduced');
    // dips 6, 8, 10 of 24 vs 0: mean 1/3, sd 1/12
    expectInterval(effectOf(c, 'resnet14.nonMonotone').difference, 1 / 3, 1 / 3 - K3 / 12, 1 / 3 + K3 / 12, 3);
    // no skips, deep − shallow: (5, 7, 9)/24
    expectInterval(effectOf(c, 'noskip.depthTrend').difference, 7 / 24, 7 / 24 - K3 / 12, 7 / 24 + K3 / 12, 3);
    expect(effectOf(c, 'noskip.depthTrend').status).toBe('as paper');
    // shallow no skip − skip: 1/24 each seed; skip depth trend 0; test errors +2 pp
    expectInterval(effectOf(c, 'resnet8.nonMonotone').difference, 1 / 24, 1 / 24, 1 / 24, 3);
    expect(effectOf(c, 'resnet8.nonMonotone').status).toBe('reported');
    expectInterval(effectOf(c, 'skip.depthTrend').difference, 0, 0, 0, 3);
    expectInterval(effectOf(c, 'resnet14.testError').difference, 0.02, 0.02, 0.02, 3);
    expect(effectOf(c, 'resnet14.rimRise').status).toBe('reported');
    expect(c.effects.map((e) => e.key)).toEqual([
      'resnet14.nonMonotone',
      'noskip.depthTrend',
      'resnet8.nonMonotone',
      'skip.depthTrend',
      'resnet8.testError',
      'resnet8.rimRise',
      'resnet14.testError',
      'resnet14.rimRise',
    ]);
    expect(c.summary).toBe(
      'Fraction of grid points where the loss dips on the way out from the minimizer, mean [95 % interval] over seeds: ResNet-14 without − with skips +33.3 pp [+12.6, +54.0]; without skips, ResNet-14 − ResNet-8 +29.2 pp [+8.5, +49.9].',
    );
  });

  it('contradicted: the skip nets are the chaotic ones', () => {
    const c = skipConnectionClaim(loader(world(D, { resnet: (depth, shortcut, s) => (depth === 14 ? { dips: shortcut ? [6, 8, 10][s - 1] : 0 } : {}) })), D);
    expect(effectOf(c, 'resnet14.nonMonotone').status).toBe('opposite');
    expect(c.verdict).toBe('contradicted');
  });

  it('inconclusive with conv replicates missing: one seed left', () => {
    const w = world();
    for (const s of [2, 3]) for (const sc of [true, false]) for (const depth of D.depths) w.delete(ids.resnet(depth, sc, s));
    const c = skipConnectionClaim(loader(w), D);
    expect(effectOf(c, 'resnet14.nonMonotone').difference).toEqual({ mean: 0.25, lo: 0.25, hi: 0.25, n: 1 });
    expect(c.verdict).toBe('inconclusive');
    expect(c.notes[0]).toBe(
      'Missing results (8): resnet14-noskip-s2, resnet14-noskip-s3, resnet14-skip-s2, resnet14-skip-s3, resnet8-noskip-s2, resnet8-noskip-s3, resnet8-skip-s2, resnet8-skip-s3.',
    );
    expect(c.notes[1]).toMatch(/^One replicate only/);
  });
});

describe('width claim', () => {
  it('reproduced: the narrowest net has the higher rim and test error', () => {
    const c = widthClaim(loader(world()), D);
    expect(c.verdict).toBe('reproduced');
    expectStep(effectOf(c, 'rimRise').difference, 1.375);
    expectStep(effectOf(c, 'testError').difference, 0.1);
    expect(effectOf(c, 'rimRise').label).toBe('Loss rise at radius ≥ 0.9, width 16 − width 64');
    // adjacent pairs, reported: 16 − 32 is the same step, 32 − 64 is 0
    expectStep(effectOf(c, 'width16-32.rimRise').difference, 1.375);
    expectInterval(effectOf(c, 'width32-64.testError').difference, 0, 0, 0, 3);
    expect(effectOf(c, 'width32-64.testError').status).toBe('reported');
    expect(c.summary).toBe(
      'Width 16 − width 64, mean [95 % interval] over seeds: loss rise at radius ≥ 0.9 +0.413 [+0.0709, +0.754]; test error +3.0 pp [+0.5, +5.5].',
    );
  });

  it('contradicted on test error, with two widths (no intermediate effects)', () => {
    const d2 = { ...D, widths: [16, 64] };
    const c = widthClaim(loader(world(d2, { width: (w, s) => (w === 64 ? { testError: 0.1 + step(s) } : {}) })), d2);
    // 16 − 64: step/10 − step = −0.9·step
    expectStep(effectOf(c, 'testError').difference, 0.9, -1);
    expect(c.effects).toHaveLength(2);
    expect(c.verdict).toBe('contradicted');
  });

  it('inconclusive: rim rise straddles 0', () => {
    const c = widthClaim(loader(world(D, { width: (w, s) => (w === 16 ? { c: 1 + blur(s) } : {}) })), D);
    expect(effectOf(c, 'rimRise').status).toBe('unclear');
    expect(c.verdict).toBe('inconclusive');
  });
});

describe('trajectories claim', () => {
  it('reproduced: pooled over all runs and seeds, above 40 %', () => {
    const c = trajectoryClaim(loader(world()), D);
    expect(c.verdict).toBe('reproduced');
    // 18 values 0.61 … 0.73, mean 0.67; t(17) = 2.109816
    const pooled = effectOf(c, 'explained2');
    expectInterval(pooled.difference, 0.27, 0.2520294955, 0.2879705045, 18);
    expect(pooled.status).toBe('as paper');
    // per run, reported: sgd-small (r = 0) 0.61, 0.62, 0.63
    expectInterval(effectOf(c, 'sgd-small.explained2').difference, 0.22, 0.22 - 0.01 * K3, 0.22 + 0.01 * K3, 3);
    expect(effectOf(c, 'sgd-small.explained2').status).toBe('reported');
    expect(c.summary).toBe(
      "The top two PCA directions explain a median 67.0% (range 61.0% to 73.0%) of the checkpoints' variation over 18 trainings; the mean minus 40.0% is +27.0 pp [+25.2, +28.8] (95 % interval).",
    );
  });

  it('contradicted: two directions explain well under 40 %', () => {
    const c = trajectoryClaim(loader(world(D, { batch: (_k, s) => ({ explained: [0.1, 0.01 * s] }) })), D);
    expect(effectOf(c, 'explained2').status).toBe('opposite');
    expect(c.verdict).toBe('contradicted');
  });

  it('inconclusive: around 40 %', () => {
    const c = trajectoryClaim(loader(world(D, { batch: (_k, s) => ({ explained: [0.3, blur(s) / 2] }) })), D);
    // values 0.2, 0.35, 0.5 repeated: mean 0.35 − 0.4 < 0, but the interval straddles 0
    expect(effectOf(c, 'explained2').status).toBe('unclear');
    expect(c.verdict).toBe('inconclusive');
  });

  it('no data at all', () => {
    const c = trajectoryClaim(loader(new Map()), D);
    expect(effectOf(c, 'explained2').difference).toBeNull();
    expect(c.verdict).toBe('inconclusive');
    expect(c.summary).toBe("The top two PCA directions explain a no data of the checkpoints' variation over 0 trainings; the mean minus 40.0% is no data (95 % interval).");
  });
});

describe('convexity claim', () => {
  it('reproduced: |λmin/λmax| below 0.1 at the minimizers; maps reported', () => {
    const c = convexityClaim(loader(world()), D);
    expect(c.verdict).toBe('reproduced');
    // 0.1 − (0.01, 0.02, 0.03): mean 0.08, sd 0.01
    expectInterval(effectOf(c, 'sgd-small.centreRatio').difference, 0.08, 0.08 - 0.01 * K3, 0.08 + 0.01 * K3, 3);
    expectInterval(effectOf(c, 'sgd-large.centreRatio').difference, 0.07, 0.07 - 0.01 * K3, 0.07 + 0.01 * K3, 3);
    expect(effectOf(c, 'sgd-small.mapConvexFraction').difference).toEqual({ mean: 7 / 9, lo: 7 / 9, hi: 7 / 9, n: 1 });
    // a single measured value (a, no b) prints as a value, a one-replicate difference signed
    expect(formatEffect(effectOf(c, 'sgd-small.mapConvexFraction'))).toBe("SGD, batch 64: fraction of the map's points with |λmin/λmax| < 0.1 (replicate 1): 77.8% (n=1) reported");
    expect(formatEffect(effectOf(c, 'resnet8.nonConvexFraction'))).toBe("ResNet-8: fraction of the map's points with |λmin/λmax| > 0.1, no skip − skip (replicate 1): +44.4 pp (n=1) reported");
    expect(effectOf(c, 'sgd-large.mapConvexFraction').difference!.mean).toBeCloseTo(6 / 9, 12);
    // ResNet-8 maps: centre 0.6 vs 0.01; > 0.1 at 8/9 vs 4/9
    expect(effectOf(c, 'resnet8.centreRatio').difference!.mean).toBeCloseTo(0.59, 12);
    expect(effectOf(c, 'resnet8.nonConvexFraction').difference!.mean).toBeCloseTo(4 / 9, 12);
    expect(effectOf(c, 'resnet8.nonConvexFraction').status).toBe('reported');
    expect(c.summary).toBe('|λmin/λmax| at the minimizer, mean [95 % interval] over seeds: SGD, batch 64 0.02 [-0.00484, 0.0448], SGD, batch 2048 0.03 [0.00516, 0.0548] (convex: below 0.1).');
    expect(c.notes).toEqual(['The convexity maps (MLP and ResNet) are one replicate each (replicate 1): their numbers are reported, not tested.']);
  });

  it('contradicted: strongly non-convex minimizers', () => {
    const c = convexityClaim(loader(world(D, { batch: (key, s) => (key === 'sgd-large' ? { curvatureRatio: [0.3, 0.4, 0.5][s - 1] } : {}) })), D);
    expect(effectOf(c, 'sgd-large.centreRatio').status).toBe('opposite');
    expect(c.verdict).toBe('contradicted');
  });

  it('inconclusive: ratios around 0.1', () => {
    const c = convexityClaim(loader(world(D, { batch: (key, s) => (key === 'sgd-small' ? { curvatureRatio: [0.05, 0.1, 0.15][s - 1] } : {}) })), D);
    expect(effectOf(c, 'sgd-small.centreRatio').status).toBe('unclear');
    expect(c.verdict).toBe('inconclusive');
  });

  it('a null ratio (a Lanczos that did not converge, say) is noted; maps missing are noted', () => {
    const w = world();
    const r = w.get('batch-sgd-small-s3')!;
    w.set(r.id, { ...r, artifacts: r.artifacts.map((a) => (a.kind === 'scalars' ? { ...a, values: { ...a.values, curvatureRatio: null } } : a)) });
    w.delete('resnet8-skip');
    const r2 = w.get('batch-sgd-large-s2')!;
    w.set(r2.id, { ...r2, artifacts: r2.artifacts.map((a) => (a.kind === 'scalars' ? { ...a, values: { ...a.values, lanczosConverged: 0 } } : a)) });
    const r1 = w.get('batch-sgd-large')!;
    w.set(r1.id, { ...r1, artifacts: r1.artifacts.map((a) => (a.kind === 'scalars' ? { ...a, values: { ...a.values, lanczosConverged: 1 } } : a)) });
    const c = convexityClaim(loader(w), D);
    expect(effectOf(c, 'sgd-small.centreRatio').difference!.n).toBe(2);
    expect(effectOf(c, 'resnet8.centreRatio').difference).toBeNull();
    expect(c.notes).toEqual([
      'Missing results (1): resnet8-skip.',
      "Values not available (1): batch-sgd-small-s3: scalar 'curvatureRatio'.",
      'Fewer than 3 replicates: SGD, batch 64: 0.1 − |λmin/λmax| at the minimizer (n=2).',
      'Lanczos did not reach its tolerance at the minimizer (1), included: batch-sgd-large-s2.',
      'The convexity maps (MLP and ResNet) are one replicate each (replicate 1): their numbers are reported, not tested.',
    ]);
  });
});

describe('allClaims and claimInputIds', () => {
  it('six claims with stable ids, all reproduced in the paper world', () => {
    const claims = allClaims(loader(world()), D);
    expect(claims.map((c) => c.id)).toEqual(['batch-size', 'weight-decay', 'skip-connections', 'width', 'trajectories', 'convexity']);
    expect(claims.map((c) => c.verdict)).toEqual(Array(6).fill('reproduced'));
  });

  it('no data at all: six inconclusive claims, nothing thrown', () => {
    const claims = allClaims(loader(new Map()), D);
    expect(claims.map((c) => c.verdict)).toEqual(Array(6).fill('inconclusive'));
    for (const c of claims) {
      expect(c.notes[0]).toMatch(/^Missing results \(\d+\): /);
      for (const e of c.effects) expect(e.difference).toBeNull();
    }
  });

  it('lists every id the claims read, and only those', () => {
    const standard = design('standard');
    const list = claimInputIds(standard);
    // 6 batch runs × 3 seeds + 2 interpolations + 3 depths × 2 × 3 seeds + 3 widths × 3 seeds
    expect(list).toHaveLength(18 + 2 + 18 + 9);
    expect(list).toContain('batch-sgd-small-s3');
    expect(list).toContain('resnet20-noskip-s2');
    expect(list).toContain('width-512');
    expect(list).toContain('interp-sgd-wd');
    // Reading through a loader that records ids: the claims read exactly these.
    const read = new Set<string>();
    const w = world(standard);
    allClaims((id) => {
      read.add(id);
      return loader(w)(id);
    }, standard);
    expect([...read].sort()).toEqual([...list].sort());
  });
});
