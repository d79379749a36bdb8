/** Lanczos to a residual tolerance on operators with a known spectrum (pure host arithmetic, no backend). */
import { describe, expect, it } from 'vitest';
import { Matrix, QrDecomposition } from 'ml-matrix';
import { gaussian } from '../../src/compute/random';
import { extremeEigenvalues, lanczos, tridiagonalEigen } from '../../src/compute/landscape/lanczos';

/** A = Q diag(λ) Qᵀ with Q the orthogonal factor of a seeded Gaussian matrix; returned as a matvec. */
function operatorWithSpectrum(lambdas: number[], seed: number): (v: Float64Array) => Float64Array {
  const n = lambdas.length;
  const g = gaussian(seed);
  const q = new QrDecomposition(new Matrix(Array.from({ length: n }, () => Array.from({ length: n }, () => g())))).orthogonalMatrix;
  const a = q.mmul(Matrix.diag(lambdas)).mmul(q.transpose());
  const rows = a.to2DArray().map((r) => Float64Array.from(r));
  return (v) => Float64Array.from(rows, (r) => r.reduce((s, x, j) => s + x * v[j], 0));
}

// Hessian-like: outliers up to 10 on top, a dense bulk near 0 (clustered interior) with a tail of small negative
// eigenvalues down to λmin ≈ −0.05: λmin is barely separated from its neighbours, the hard case for Lanczos.
const n = 200;
const g = gaussian(17);
const bulk = Array.from({ length: n - 6 }, () => {
  const x = g();
  return x < 0 ? 0.02 * x : 0.1 * x;
});
const lambdas = [...bulk, 0.5, 1, 2, 4, 7, 10];
const lmin = Math.min(...lambdas);
const lmax = Math.max(...lambdas);
const A = operatorWithSpectrum(lambdas, 5);

describe('Lanczos to a residual tolerance', () => {
  it('tridiagonalEigen: eigenvalues ascending, last components of unit eigenvectors', () => {
    // [[2, 1], [1, 2]]: eigenvalues 1 and 3, eigenvectors (1, ∓1)/√2.
    const { values, lastComponents } = tridiagonalEigen([2, 2], [1]);
    expect(values[0]).toBeCloseTo(1, 12);
    expect(values[1]).toBeCloseTo(3, 12);
    lastComponents.forEach((s) => expect(Math.abs(s)).toBeCloseTo(Math.SQRT1_2, 12));
    expect(() => tridiagonalEigen([1, 2, 3], [1])).toThrow(/expected 2/);
  });

  it('finds λmax and λmin of a known indefinite spectrum within 1e-3 of the spectral scale from 40 start vectors, in far fewer steps than n', async () => {
    // With the plain rule (both residuals ≤ tol·scale) 11 of 40 starts ended with λmin more than tol·scale too high
    // on such a spectrum (lanczos.ts); the low end's tol/3 is what this checks.
    let worst = 0;
    let steps = 0;
    for (let seed = 1; seed <= 40; seed++) {
      // minSteps 1: the residual rule alone decides (the default minimum of 40 steps would hide it).
      const e = await extremeEigenvalues(A, n, { seed, minSteps: 1 });
      expect(e.converged).toBe(true);
      expect(Math.abs(e.lambdaMax - lmax) / lmax).toBeLessThan(1e-3);
      expect(e.lambdaMin).toBeLessThan(0);
      expect(e.residualMax).toBeLessThanOrEqual(1e-3 * e.lambdaMax);
      expect(e.residualMin).toBeLessThanOrEqual((1e-3 * e.lambdaMax) / 3);
      // Ritz values lie inside the spectrum, and an eigenvalue lies within the residual of each.
      expect(e.lambdaMin).toBeGreaterThanOrEqual(lmin - 1e-12);
      expect(Math.min(...lambdas.map((l) => Math.abs(l - e.lambdaMin)))).toBeLessThanOrEqual(e.residualMin);
      worst = Math.max(worst, (e.lambdaMin - lmin) / lmax);
      steps += e.steps;
    }
    expect(worst).toBeLessThan(1e-3);
    expect(steps / 40).toBeLessThan(n / 4);
    console.log(`n ${n}, λmin ${lmin.toFixed(5)}, λmax ${lmax}: 40 starts, mean ${(steps / 40).toFixed(1)} steps, worst λmin error ${(worst * lmax).toExponential(2)} (${worst.toExponential(2)} of the scale)`);
  });

  it('a loose tol loosens λmax only: λmin is not taken from the bulk before Lanczos has found it', async () => {
    // Shaped like a briefly trained ResNet's Hessian (lanczos.ts): outliers up to 240, a bulk within ≈ ±1 of 0,
    // negative outliers down to −14. With both residuals ≤ 5e-2·scale most starts stopped after ~5 steps with λmin ≈ 0.
    const m = 400;
    const r = gaussian(5);
    const spectrum = [-14, -9, -6, -4, -3, -2.5, -2, 240, 150, 90, 60, 40, 30, 20, 15, 10, 8, 6, 5, 4, 3];
    while (spectrum.length < m) spectrum.push(0.3 * r());
    const B = operatorWithSpectrum(spectrum, 9);
    for (const seed of [1, 2, 3, 4, 5]) {
      const e = await extremeEigenvalues(B, m, { tol: 5e-2, seed, minSteps: 1 });
      expect(e.converged).toBe(true);
      expect(Math.abs(e.lambdaMin + 14) / 240, `seed ${seed}: λmin ${e.lambdaMin}`).toBeLessThan(1e-3);
      expect(Math.abs(e.lambdaMax - 240) / 240).toBeLessThan(5e-2);
    }
  });

  it('a tighter tolerance costs more steps and gets closer; the shifted second run agrees', async () => {
    // minSteps 1: the tolerance alone decides here (the default minimum would hide the difference).
    const loose = await extremeEigenvalues(A, n, { seed: 3, tol: 1e-2, minSteps: 1 });
    const tight = await extremeEigenvalues(A, n, { seed: 3, tol: 1e-5, minSteps: 1 });
    expect(loose.converged && tight.converged).toBe(true);
    expect(tight.steps).toBeGreaterThan(loose.steps);
    expect(Math.abs(tight.lambdaMin - lmin)).toBeLessThan(1e-5 * lmax);
    expect(Math.abs(loose.lambdaMin - lmin)).toBeLessThan(1e-2 * lmax);
    const shifted = await extremeEigenvalues(A, n, { seed: 3, shifted: true });
    expect(shifted.steps).toBeGreaterThan(loose.steps);
    expect(shifted.converged).toBe(true);
    expect(Math.abs(shifted.lambdaMin - lmin) / lmax).toBeLessThan(1e-3);
    console.log(`steps at tol 1e-2 / 1e-5: ${loose.steps} / ${tight.steps}; shifted (tol 1e-3): ${shifted.steps} in total`);
  });

  it('reports converged = false when the step cap is too small, with the residuals that show it', async () => {
    const r = await lanczos(A, n, { k: 8, seed: 3 });
    expect(r.steps).toBe(8);
    expect(r.converged).toBe(false);
    expect(r.min.converged).toBe(false);
    expect(r.min.residual).toBeGreaterThan(1e-3 * r.scale);
    expect(r.min.value).toBeGreaterThan(lmin + 1e-3 * lmax); // still far from λmin
    const e = await extremeEigenvalues(A, n, { k: 8, seed: 3 });
    expect(e.converged).toBe(false);
    expect(e.steps).toBe(8);
  });

  it('tol 0 runs exactly k steps; on the whole space the Ritz values are the spectrum', async () => {
    const small = [-2, -1, 0.5, 1, 3, 4, 5, 9];
    const B = operatorWithSpectrum(small, 8);
    const full = await lanczos(B, small.length, { k: 100, tol: 0, seed: 1 });
    expect(full.steps).toBe(small.length);
    full.ritz.forEach((r, i) => expect(r).toBeCloseTo(small[i], 8));
    const capped = await lanczos(B, small.length, { k: 5, tol: 0, seed: 1 });
    expect(capped.steps).toBe(5);
  });

  it('stops early on an invariant Krylov subspace, with exact values and zero residuals', async () => {
    const diag = (v: Float64Array) => v.map((x, i) => (i < 3 ? [1, 2, 3][i] * x : 0));
    const r = await lanczos(diag, 10, { k: 8, tol: 0 });
    expect(r.steps).toBeLessThanOrEqual(4);
    expect(r.invariant).toBe(true);
    expect(r.converged).toBe(true);
    expect(r.residuals.every((x) => x === 0)).toBe(true);
    const e = await extremeEigenvalues(diag, 10, { k: 8, tol: 0, shifted: true });
    expect(e.lambdaMax).toBeCloseTo(3, 8);
    expect(e.lambdaMin).toBeCloseTo(0, 8);
    expect(e.converged).toBe(true);
  });

  it('names what was expected in its errors', async () => {
    await expect(lanczos(A, 0)).rejects.toThrow(/expected ≥ 1/);
    await expect(lanczos(A, n, { tol: -1 })).rejects.toThrow(/tol = -1, expected ≥ 0/);
    await expect(lanczos(() => new Float64Array(3), n)).rejects.toThrow(/returned 3 values for a vector of 200/);
  });

  it('takes at least minSteps before the tolerance may stop it, and still finds λmin below an exactly zero eigenspace', async () => {
    // The failure minSteps guards against was measured on a trained batch-2048 MLP (lanczos.ts: stopped after 10
    // steps at λmin = 0 where 150 steps give −0.052); this synthetic spectrum (exact zeros, a bulk hugging 0, an
    // isolated λmin) checks the rule and the answer, it does not reproduce that early stop.
    const m = 300;
    const h = gaussian(3);
    const spectrum = [...new Array(120).fill(0), ...Array.from({ length: m - 127 }, () => 0.004 * h()), -0.05, 0.8, 1.5, 2.5, 4, 5.5, 7];
    const op = operatorWithSpectrum(spectrum, 9);
    for (let seed = 1; seed <= 5; seed++) {
      const e = await extremeEigenvalues(op, m, { seed });
      expect(e.converged).toBe(true);
      expect(e.steps).toBeGreaterThanOrEqual(40);
      expect(Math.abs(e.lambdaMin - -0.05)).toBeLessThan(1e-3 * 7);
      const short = await extremeEigenvalues(op, m, { seed, minSteps: 1 });
      expect(short.steps).toBeLessThanOrEqual(e.steps);
    }
    await expect(lanczos(op, m, { k: 10, minSteps: 40 }).then((r) => r.steps)).resolves.toBe(10);
  });
});
