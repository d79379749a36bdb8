/**
 * Lanczos iteration with full reorthogonalization for the extreme eigenvalues of a symmetric operator given only as
 * a matrix-vector product (here: Hessian-vector products). Pure: vectors are Float64Arrays on the host.
 *
 * Full reorthogonalization (twice, "twice is enough") keeps the Krylov basis orthonormal in floating point, so no
 * spurious copies of converged eigenvalues appear; with small k (≤ ~50) storing the basis is cheap.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { gaussian } from '../random.js';

export type MatVec = (v: Float64Array) => Promise<Float64Array> | Float64Array;

export interface LanczosOptions {
  /** Krylov dimension (number of matrix-vector products), capped at n. */
  k?: number;
  /** Seed of the random start vector. */
  seed?: number;
}

export interface LanczosResult {
  /** Ritz values, ascending: the first and last approximate the extreme eigenvalues. */
  ritz: number[];
  /** Matrix-vector products used (less than k when the Krylov space became invariant). */
  steps: number;
}

function dotf(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function tridiagonalEigenvalues(alpha: number[], beta: number[]): number[] {
  const m = alpha.length;
  const t = Matrix.zeros(m, m);
  for (let i = 0; i < m; i++) {
    t.set(i, i, alpha[i]);
    if (i + 1 < m) {
      t.set(i, i + 1, beta[i]);
      t.set(i + 1, i, beta[i]);
    }
  }
  return new EigenvalueDecomposition(t, { assumeSymmetric: true }).realEigenvalues.slice().sort((a, b) => a - b);
}

export async function lanczos(matvec: MatVec, n: number, { k = 20, seed = 0 }: LanczosOptions = {}): Promise<LanczosResult> {
  if (n < 1) throw new Error('lanczos: empty operator');
  const steps = Math.min(k, n);
  const g = gaussian(seed);
  let q = Float64Array.from({ length: n }, () => g());
  const qn = Math.sqrt(dotf(q, q));
  q = q.map((v) => v / qn);
  const basis: Float64Array[] = [q];
  const alpha: number[] = [];
  const beta: number[] = [];
  for (let j = 0; j < steps; j++) {
    const w = Float64Array.from(await matvec(basis[j]));
    if (w.length !== n) throw new Error(`lanczos: the operator returned ${w.length} values for a vector of ${n}`);
    const a = dotf(w, basis[j]);
    alpha.push(a);
    for (let pass = 0; pass < 2; pass++) {
      for (const u of basis) {
        const c = dotf(w, u);
        for (let i = 0; i < n; i++) w[i] -= c * u[i];
      }
    }
    if (j + 1 === steps) break;
    const b = Math.sqrt(dotf(w, w));
    // An invariant Krylov subspace: its Ritz values are exact eigenvalues; stop.
    const scale = Math.max(...alpha.map(Math.abs), ...beta, 1e-300);
    if (b <= 1e-10 * scale) break;
    beta.push(b);
    basis.push(w.map((v) => v / b));
  }
  return { ritz: tridiagonalEigenvalues(alpha, beta.slice(0, alpha.length - 1)), steps: alpha.length };
}

export interface ExtremeOptions extends LanczosOptions {
  /**
   * true (default): λmin from a second run on H − λmax·I (its dominant eigenvalue is λmin − λmax), shifted back.
   * For Lanczos the shift leaves the Krylov space unchanged, so this mainly buys a second start vector and k more
   * steps spent on the low end; false takes λmin from the first run (half the cost).
   */
  shifted?: boolean;
}

export interface Extremes {
  lambdaMax: number;
  lambdaMin: number;
  /** Total matrix-vector products. */
  steps: number;
}

export async function extremeEigenvalues(matvec: MatVec, n: number, options: ExtremeOptions = {}): Promise<Extremes> {
  const { k = 20, seed = 0, shifted = true } = options;
  const first = await lanczos(matvec, n, { k, seed });
  const lambdaMax = first.ritz[first.ritz.length - 1];
  if (!shifted) return { lambdaMax, lambdaMin: first.ritz[0], steps: first.steps };
  const shiftedOp: MatVec = async (v) => {
    const hv = await matvec(v);
    return Float64Array.from(hv, (x, i) => x - lambdaMax * v[i]);
  };
  const second = await lanczos(shiftedOp, n, { k, seed: seed + 1 });
  return { lambdaMax, lambdaMin: Math.min(second.ritz[0] + lambdaMax, first.ritz[0]), steps: first.steps + second.steps };
}
