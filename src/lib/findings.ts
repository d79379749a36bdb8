/**
 * The numbers behind the article's claims, computed from stored results by pure functions. The article and the
 * project's notes quote these, so a claim is stated only as far as the data supports it.
 */
import { findArtifact, type Curve1D, type ExperimentResult, type Surface2D } from './schema.js';

export type Load = (id: string) => ExperimentResult;

/** Value at the grid point nearest (0, 0) of a surface metric. */
export function centreValue(s: Surface2D, metric: keyof Surface2D['metrics'] = 'trainLoss'): number | null {
  const nearest = (axis: number[]) => axis.reduce((best, v, i) => (Math.abs(v) < Math.abs(axis[best]) ? i : best), 0);
  return s.metrics[metric][nearest(s.y) * s.x.length + nearest(s.x)];
}

/**
 * Radial non-monotonicity: the fraction of grid points (other than the centre) where the loss is *lower* than at the
 * grid neighbour one step closer to the centre along the dominant axis. 0 for a bowl; large for a chaotic surface
 * full of local dips — the paper's "chaotic" landscapes of deep nets without skip connections.
 */
export function radialNonMonotonicity(s: Surface2D, metric: keyof Surface2D['metrics'] = 'trainLoss'): number {
  const nx = s.x.length;
  const ny = s.y.length;
  const ci = s.x.reduce((b, v, i) => (Math.abs(v) < Math.abs(s.x[b]) ? i : b), 0);
  const cj = s.y.reduce((b, v, j) => (Math.abs(v) < Math.abs(s.y[b]) ? j : b), 0);
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

export function finalTestError(result: ExperimentResult): number | null {
  const t = result.artifacts.find((a) => a.kind === 'training');
  const last = t && t.kind === 'training' ? t.epochs.at(-1) : undefined;
  return last ? 1 - last.testAccuracy : null;
}

export function scalar(result: ExperimentResult, name: string): number | null {
  const s = result.artifacts.find((a) => a.kind === 'scalars');
  return s && s.kind === 'scalars' ? (s.values[name] ?? null) : null;
}

/** Pearson correlation of paired finite values; null with fewer than 3 pairs. */
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

export { findArtifact };
