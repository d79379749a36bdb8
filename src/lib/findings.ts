/**
 * The numbers behind the article's claims, computed from stored results by pure functions. The article and the
 * project's notes quote these, so a claim is stated only as far as the data supports it.
 */
import type { Convexity, Curve1D, ExperimentResult, Surface2D, TrainingHistory } from './schema.js';

/** A result by experiment id; throws when the result does not exist (a SchemaError when it exists but is malformed). */
export type Load = (id: string) => ExperimentResult;

const nearestToZero = (axis: number[]) => axis.reduce((best, v, i) => (Math.abs(v) < Math.abs(axis[best]) ? i : best), 0);

/** Value at the grid point nearest (0, 0) of a surface metric. */
export function centreValue(s: Surface2D, metric: keyof Surface2D['metrics'] = 'trainLoss'): number | null {
  return s.metrics[metric][nearestToZero(s.y) * s.x.length + nearestToZero(s.x)];
}

/**
 * Radial non-monotonicity: the fraction of grid points (other than the centre) where the loss is *lower* than at the
 * grid neighbour one step closer to the centre along the dominant axis. 0 for a bowl; large for a chaotic surface
 * full of local dips — the paper's "chaotic" landscapes of deep nets without skip connections.
 */
export function radialNonMonotonicity(s: Surface2D, metric: keyof Surface2D['metrics'] = 'trainLoss'): number {
  const nx = s.x.length;
  const ny = s.y.length;
  const ci = nearestToZero(s.x);
  const cj = nearestToZero(s.y);
  const values = s.metrics[metric];
  let count = 0;
  let dips = 0;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const di = i - ci;
      const dj = j - cj;
      if (di === 0 && dj === 0) continue;
      // Step one cell towards the centre along the larger offset (both when equal).
      const pi = Math.abs(di) >= Math.abs(dj) ? i - Math.sign(di) : i;
      const pj = Math.abs(dj) >= Math.abs(di) ? j - Math.sign(dj) : j;
      const v = values[j * nx + i];
      const inner = values[pj * nx + pi];
      if (v === null || inner === null) continue;
      count++;
      if (v < inner) dips++;
    }
  }
  return count === 0 ? 0 : dips / count;
}

/** Mean loss over the grid points at distance ≥ r (in α, β units) from the centre, minus the centre value. */
export function rimRise(s: Surface2D, r: number, metric: keyof Surface2D['metrics'] = 'trainLoss'): number | null {
  const c = centreValue(s, metric);
  if (c === null) return null;
  let sum = 0;
  let n = 0;
  s.y.forEach((b, j) =>
    s.x.forEach((a, i) => {
      const v = s.metrics[metric][j * s.x.length + i];
      if (Math.hypot(a, b) >= r && v !== null) {
        sum += v;
        n++;
      }
    }),
  );
  return n === 0 ? null : sum / n - c;
}

/** Half-width of the basin of a 1D curve: the smallest |α| at which the loss exceeds its α = 0 value by `rise`. */
export function basinHalfWidth(c: Curve1D, rise: number, at = 0): number | null {
  const i0 = c.x.reduce((b, v, i) => (Math.abs(v - at) < Math.abs(c.x[b] - at) ? i : b), 0);
  const base = c.metrics.trainLoss[i0];
  if (base === null) return null;
  let best: number | null = null;
  c.x.forEach((a, i) => {
    const v = c.metrics.trainLoss[i];
    if (v !== null && v > base + rise) {
      const d = Math.abs(a - at);
      if (best === null || d < best) best = d;
    }
  });
  return best;
}

/** |λmin/λmax| at the convexity map's point nearest (0, 0): the minimizer. */
export function convexityCentreRatio(c: Convexity): number | null {
  return c.ratio[nearestToZero(c.y) * c.x.length + nearestToZero(c.x)];
}

/** Fraction of a convexity map's (non-null) points whose |λmin/λmax| satisfies `test`; null for an empty map. */
export function convexityFraction(c: Convexity, test: (ratio: number) => boolean): number | null {
  const ratios = c.ratio.filter((v): v is number => v !== null && Number.isFinite(v));
  return ratios.length === 0 ? null : ratios.filter(test).length / ratios.length;
}

/** Every training history of a result (one for a run, two for an interpolation). */
export function trainingsOf(result: ExperimentResult): TrainingHistory[] {
  return result.artifacts.filter((a): a is TrainingHistory => a.kind === 'training');
}

/** 1 − the last epoch's test accuracy of the (first) training. */
export function finalTestError(result: ExperimentResult): number | null {
  const t = result.artifacts.find((a) => a.kind === 'training');
  const last = t && t.kind === 'training' ? t.epochs.at(-1) : undefined;
  return last ? 1 - last.testAccuracy : null;
}

/** A named value of the result's scalars artifact (the first one, or the one with id `artifactId`); null when absent. */
export function scalar(result: ExperimentResult, name: string, artifactId?: string): number | null {
  const s = result.artifacts.find((a) => a.kind === 'scalars' && (artifactId === undefined || a.id === artifactId));
  return s && s.kind === 'scalars' ? (s.values[name] ?? null) : null;
}

/** Pearson correlation (kept for its unit test; the claims use replicate intervals, src/lib/stats.ts) of paired finite values; null with fewer than 3 pairs. */
export function correlation(pairs: Array<[number | null, number | null]>): number | null {
  const ok = pairs.filter(([a, b]) => a !== null && b !== null && Number.isFinite(a) && Number.isFinite(b)) as Array<[number, number]>;
  if (ok.length < 3) return null;
  const mx = ok.reduce((s, [a]) => s + a, 0) / ok.length;
  const my = ok.reduce((s, [, b]) => s + b, 0) / ok.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [a, b] of ok) {
    sxy += (a - mx) * (b - my);
    sxx += (a - mx) ** 2;
    syy += (b - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

