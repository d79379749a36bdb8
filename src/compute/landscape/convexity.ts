/**
 * Convexity maps (Li et al. 2018, Sec. 6): λmin, λmax of the Hessian and |λmin/λmax| at each point of a (coarse)
 * grid θ + α·δ + β·η. Shaped for the schema's Convexity artifact; resumable like the surfaces (skip, onPoint).
 *
 * Each point runs Lanczos to the residual tolerance `tol` (default 1e-3 of the spectral scale) or `k` HVPs (default
 * 100), see lanczos.ts; onPoint's `extremes` carries `converged`, `steps` and the residuals, so a caller can count
 * or mark the points that hit the cap. Works for the MLPs and the conv nets alike (hessian.ts). Cost per point =
 * steps × one HVP: measured steps and seconds per model are in secondOrder.ts and hessian.ts.
 */
import { combine, type Weights } from '../models/params.js';
import { hessianExtremes, type HessianProblem, type HvpOptions } from './hessian.js';
import type { ExtremeOptions, Extremes } from './lanczos.js';
import { axisValues, type Axis } from './surface.js';

export interface ConvexityPoint {
  index: number;
  alpha: number;
  beta: number;
  extremes: Extremes;
}

export interface ConvexityOptions extends HvpOptions, ExtremeOptions {
  problem: HessianProblem;
  weights: Weights;
  directions: [Weights, Weights];
  x: Axis;
  y: Axis;
  skip?: Set<number>;
  onPoint?: (p: ConvexityPoint) => void | Promise<void>;
}

export interface ConvexityData {
  x: number[];
  y: number[];
  lambdaMin: Array<number | null>;
  lambdaMax: Array<number | null>;
  ratio: Array<number | null>;
}

/** |λmin/λmax|: how much negative curvature there is relative to the positive (0 for a locally convex point). */
export function convexityRatio({ lambdaMin, lambdaMax }: { lambdaMin: number; lambdaMax: number }): number | null {
  return lambdaMax === 0 ? null : Math.abs(lambdaMin / lambdaMax);
}

export async function convexityMap(options: ConvexityOptions): Promise<ConvexityData> {
  const { problem, weights, directions, x, y, skip = new Set(), onPoint = () => {}, ...lanczosAndHvp } = options;
  const xs = axisValues(x);
  const ys = axisValues(y);
  const size = xs.length * ys.length;
  const out: ConvexityData = { x: xs, y: ys, lambdaMin: new Array(size).fill(null), lambdaMax: new Array(size).fill(null), ratio: new Array(size).fill(null) };
  for (let j = 0; j < ys.length; j++) {
    for (let i = 0; i < xs.length; i++) {
      const index = j * xs.length + i;
      if (skip.has(index)) continue;
      const at = combine(weights, [[xs[i], directions[0]], [ys[j], directions[1]]]);
      const extremes = await hessianExtremes(problem, at, lanczosAndHvp);
      out.lambdaMin[index] = extremes.lambdaMin;
      out.lambdaMax[index] = extremes.lambdaMax;
      out.ratio[index] = convexityRatio(extremes);
      await onPoint({ index, alpha: xs[i], beta: ys[j], extremes });
    }
  }
  return out;
}
