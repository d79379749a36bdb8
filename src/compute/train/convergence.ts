/**
 * The stopping criterion a training is judged by, stated once (the article quotes CRITERION): a training has
 * converged when its train loss has reached a plateau, i.e. the best train loss of its last `window` epochs is less
 * than `tolerance` (relative) below the train loss just before them. Every run trains its full epoch budget (small and
 * large batches get the same epochs, as in the paper); the criterion records whether that budget was enough.
 */
import type { Convergence } from '../../lib/schema.js';

export const PLATEAU = { window: 3, tolerance: 0.05 } as const;

export const CRITERION = `train loss fell by less than ${PLATEAU.tolerance * 100} % (relative) over the last ${PLATEAU.window} epochs`;

/** Judge a per-epoch train-loss history (null: not finite) against the plateau criterion. */
export function convergence(trainLoss: Array<number | null>, diverged: boolean, plateau = PLATEAU): Convergence {
  const criterion = plateau === PLATEAU ? CRITERION : `train loss fell by less than ${plateau.tolerance * 100} % (relative) over the last ${plateau.window} epochs`;
  if (diverged || trainLoss.some((v) => v === null || !Number.isFinite(v))) return { criterion, met: false, value: null };
  // Too few epochs to see a plateau of `window` epochs after a reference epoch: not met, nothing measured.
  if (trainLoss.length < plateau.window + 1) return { criterion, met: false, value: null };
  const before = trainLoss[trainLoss.length - plateau.window - 1]!;
  const best = Math.min(...(trainLoss.slice(-plateau.window) as number[]));
  const drop = before > 0 ? (before - best) / before : 0;
  return { criterion, met: drop < plateau.tolerance, value: drop };
}
