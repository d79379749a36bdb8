/**
 * A diverged result made from a real or fixture one, as the compute step writes it: same id and trainings, status
 * 'diverged' with its reason and the skipped probes, and only the training artifact, flagged diverged with a
 * divergence record (its history cut at that epoch, whose loss is not finite). No surfaces, curves or trajectories.
 */
import type { ExperimentResult, TrainingHistory } from '../../src/lib/schema';

export const PROBES = ['surface', 'trajectory', 'curves', 'sharpness', 'convexity'] as const;

export function divergedFrom(r: ExperimentResult, { reason = 'train loss NaN', epoch = 2 }: { reason?: string; epoch?: number } = {}): ExperimentResult {
  const t = r.artifacts.find((a): a is TrainingHistory => a.kind === 'training');
  const seen = t?.epochs.length ? t.epochs : [{ epoch: 1, lr: 0.1, trainLoss: 2.3, trainAccuracy: 0.1, testLoss: 2.3, testAccuracy: 0.1, seconds: 1 }];
  // Epochs 1..epoch (numbered in order, as the schema requires), the last one with a loss that is not finite.
  const epochs = Array.from({ length: epoch }, (_, k) => ({ ...seen[Math.min(k, seen.length - 1)], epoch: k + 1 }));
  epochs[epoch - 1] = { ...epochs[epoch - 1], trainLoss: null, testLoss: null, trainAccuracy: 0.1, testAccuracy: 0.1 };
  const training: TrainingHistory = {
    kind: 'training',
    id: t?.id ?? 'training',
    diverged: true,
    divergence: { epoch, reason },
    epochs,
    ...(t?.evaluated ? { evaluated: t.evaluated } : {}),
  };
  return {
    ...r,
    status: { state: 'diverged', reason, skipped: PROBES.map((probe) => ({ probe, reason: 'the training diverged' })) },
    trainings: r.trainings.map((s) => ({ ...s })),
    artifacts: [training],
  };
}
