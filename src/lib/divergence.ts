/**
 * When a training counts as diverged, stated once (the article and the result's `divergence.reason` quote it):
 * its loss is not finite (checked every 50 steps and at every epoch's evaluation), or an epoch's training loss is
 * above FACTOR times the loss of its first mini-batch (the loss at initialization, about ln 10 ≈ 2.3 here).
 *
 * Why 10×: a run that has blown up but stays finite (a loss of 1e6 at chance accuracy) must not be treated as a
 * trained minimizer, while a run that spikes and recovers must not be thrown away. The highest ratio among the 66
 * committed standard-profile results is 1.4 (ResNet-20 replicate 3, epoch 1 train loss 3.23, which then fell to 0.28).
 */
export const FACTOR = 10;

export const RULE = `the loss became non-finite, or an epoch's training loss exceeded ${FACTOR}× the loss of the first mini-batch`;

/** Why the training has diverged at this epoch, or null when it has not. */
export function divergenceReason(trainLoss: number, initialLoss: number | null): string | null {
  if (!Number.isFinite(trainLoss)) return `training loss became ${trainLoss} (not finite)`;
  if (initialLoss !== null && Number.isFinite(initialLoss) && trainLoss > FACTOR * initialLoss) {
    return `training loss ${trainLoss.toPrecision(4)} exceeded ${FACTOR}× the first mini-batch's loss (${initialLoss.toPrecision(4)})`;
  }
  return null;
}
