/**
 * Probes 'curve1d' (one random direction) and 'curves' (a family: `count` directions, each both filter-normalized and
 * unnormalized, so sharpness has a spread over directions and the scale artifact can be seen beside its removal).
 * Each finished curve is persisted, so an interrupted family resumes at the next direction.
 */
import type { Artifact, Curve1D } from '../../../lib/schema.js';
import { randomDirection } from '../../landscape/directions.js';
import { curve1dArtifact, directionCurve } from '../../landscape/interpolate.js';
import { makeEvaluator } from '../../models/evaluate.js';
import type { Axis } from '../../landscape/surface.js';
import type { DirectionSpec, ProbeSpec } from '../config.js';
import type { ProbeHandler, ProbeInput } from './types.js';

async function curveAlong(input: ProbeInput, id: string, title: string, x: Axis, directions: DirectionSpec): Promise<Curve1D> {
  const { model, trained, data } = input;
  const direction = randomDirection(model.specs, trained.weights, directions);
  const evaluators = { train: makeEvaluator(model, data.probeTrain), test: makeEvaluator(model, data.probeTest) };
  try {
    const curve = await directionCurve({ specs: model.specs, weights: trained.weights, direction, alphas: x, evaluators });
    const { seed, normalization, biasBn } = directions;
    return curve1dArtifact(curve, { id, title, axis: 'direction', directions: { seed, normalization, biasBn } });
  } finally {
    evaluators.train.dispose();
    evaluators.test.dispose();
  }
}

export const curve1d: ProbeHandler<Extract<ProbeSpec, { type: 'curve1d' }>> = async (probe, input) => [
  await curveAlong(input, probe.id, probe.title, probe.x, probe.directions),
];

/** Ids of a family's curves: <id>-filter-<k> and <id>-none-<k>, k = 1 … count. */
export function familyIds(id: string, count: number): { filter: string[]; none: string[] } {
  const ks = Array.from({ length: count }, (_, k) => k + 1);
  return { filter: ks.map((k) => `${id}-filter-${k}`), none: ks.map((k) => `${id}-none-${k}`) };
}

export const curves: ProbeHandler<Extract<ProbeSpec, { type: 'curves' }>> = async (probe, input) => {
  const { partial, ctx, exp } = input;
  const names = familyIds(probe.id, probe.count);
  const out: Artifact[] = [];
  const report = ctx.reporter.task(`${exp.id}: ${probe.id} ×${probe.count} directions`, 2 * probe.count);
  for (let k = 0; k < probe.count; k++) {
    const seed = probe.directions.seed + k;
    for (const [normalization, id, x] of [['filter', names.filter[k], probe.x] as const, ['none', names.none[k], probe.unnormalizedX] as const]) {
      let curve = partial.artifact<Curve1D>(id);
      if (!curve) {
        const title = `1D loss along random direction ${k + 1}, ${normalization === 'filter' ? 'filter-normalized' : 'unnormalized'}`;
        curve = await curveAlong(input, id, title, x, { ...probe.directions, seed, normalization });
        partial.saveArtifact(curve);
      }
      out.push(curve);
      report(out.length);
    }
  }
  return out;
};
