/** Probe 'trajectory': the optimizer's checkpoints on their top two PCA directions, and optionally the loss there. */
import type { Artifact } from '../../../lib/schema.js';
import { pcaDirections } from '../../landscape/trajectory.js';
import type { Axis } from '../../landscape/surface.js';
import type { ProbeSpec } from '../config.js';
import { evaluateGrid } from './grid.js';
import type { ProbeHandler } from './types.js';

/** Extent of a path, widened by `margin` of its span on each side and always containing 0 (the final weights). */
export function pathAxis(values: number[], margin: number, n: number): Axis {
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const span = hi - lo || 1;
  return { min: lo - margin * span, max: hi + margin * span, n };
}

export const trajectory: ProbeHandler<Extract<ProbeSpec, { type: 'trajectory' }>> = async (probe, input) => {
  const { model, trained, exp } = input;
  if (trained.checkpoints.length < 3) throw new Error(`${exp.id}: probe ${probe.id} needs checkpoints: set train.checkpointEvery`);
  const pca = pcaDirections(
    trained.checkpoints.map((c) => c.weights),
    trained.weights,
    { specs: model.specs },
  );
  const path: Artifact = {
    kind: 'trajectory',
    id: probe.id,
    title: probe.title,
    explainedVariance: pca.explainedVariance,
    x: pca.coords.x,
    y: pca.coords.y,
    step: trained.checkpoints.map((c) => c.step),
    ...(probe.surface ? { surface: probe.surface.id } : {}),
  };
  if (!probe.surface) return [path];
  const { id, title, n, margin } = probe.surface;
  const surface = await evaluateGrid(input, {
    id,
    title,
    x: pathAxis(pca.coords.x, margin, n),
    y: pathAxis(pca.coords.y, margin, n),
    directions: pca.directions,
    info: { seed: 0, normalization: 'none', biasBn: 'ignore' },
    basis: 'pca',
  });
  return [path, surface];
};
