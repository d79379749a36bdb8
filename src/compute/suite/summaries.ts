/** Scalar summaries of a 1D loss curve around a minimizer at α = 0 (pure functions over plain arrays). */

/**
 * Curvature at 0: twice the quadratic coefficient of a least-squares fit a + bα + cα² to the points with |α| ≤ radius
 * (so it equals f''(0) for a parabola). null when fewer than 3 finite points fall in the window.
 */
export function curvatureAtZero(x: number[], y: Array<number | null>, radius: number): number | null {
  const pts = x.map((a, i) => [a, y[i]] as const).filter(([a, v]) => Math.abs(a) <= radius + 1e-12 && v !== null && Number.isFinite(v)) as Array<[number, number]>;
  if (pts.length < 3) return null;
  // Normal equations for [a, b, c] in float64: small 3×3 system, solved by Cramer's rule.
  const s = [0, 0, 0, 0, 0];
  const t = [0, 0, 0];
  for (const [a, v] of pts) {
    for (let k = 0; k <= 4; k++) s[k] += a ** k;
    for (let k = 0; k <= 2; k++) t[k] += v * a ** k;
  }
  const m = [
    [s[0], s[1], s[2]],
    [s[1], s[2], s[3]],
    [s[2], s[3], s[4]],
  ];
  const det = (q: number[][]) => q[0][0] * (q[1][1] * q[2][2] - q[1][2] * q[2][1]) - q[0][1] * (q[1][0] * q[2][2] - q[1][2] * q[2][0]) + q[0][2] * (q[1][0] * q[2][1] - q[1][1] * q[2][0]);
  const d = det(m);
  if (Math.abs(d) < 1e-300) return null;
  const mc = m.map((row, r) => [row[0], row[1], t[r]]);
  return (2 * det(mc)) / d;
}

/** Mean of f(−r) and f(r) minus f(0), linearly interpolated between grid points; null outside the curve. */
export function lossRise(x: number[], y: Array<number | null>, r: number): number | null {
  const at = (a: number): number | null => {
    for (let i = 0; i + 1 < x.length; i++) {
      if (a >= x[i] - 1e-12 && a <= x[i + 1] + 1e-12) {
        const [y0, y1] = [y[i], y[i + 1]];
        if (y0 === null || y1 === null) return null;
        const t = (a - x[i]) / (x[i + 1] - x[i]);
        return y0 + t * (y1 - y0);
      }
    }
    return null;
  };
  const [lo, mid, hi] = [at(-r), at(0), at(r)];
  return lo === null || mid === null || hi === null ? null : (lo + hi) / 2 - mid;
}
