/** Probe 'surface2d': the loss over a plane of two seeded random directions (filter-normalized as configured). */
import { directionInfo, directionPair } from '../../landscape/directions.js';
import type { ProbeSpec } from '../config.js';
import { evaluateGrid } from './grid.js';
import type { ProbeHandler } from './types.js';

export const surface: ProbeHandler<Extract<ProbeSpec, { type: 'surface2d' }>> = async (probe, input) => {
  const directions = directionPair(input.model.specs, input.trained.weights, probe.directions);
  return [await evaluateGrid(input, { ...probe, directions, info: directionInfo(probe.directions), basis: 'random' })];
};
