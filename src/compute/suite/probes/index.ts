/**
 * Probes: analyses of a trained model, one module per kind, dispatched through one typed table — a new probe kind is
 * a config type (config.ts), a handler module, and one line here; the compiler reports a kind without a handler.
 */
import type { Artifact } from '../../../lib/schema.js';
import type { ProbeSpec } from '../config.js';
import { curve1d, curves } from './curves.js';
import { convexity, sharpness } from './hessian.js';
import { weightHistogram } from './histogram.js';
import { surface } from './surface.js';
import { trajectory } from './trajectory.js';
import type { ProbeHandler, ProbeHandlers, ProbeInput } from './types.js';

export type { ProbeInput } from './types.js';
export { histogram } from './histogram.js';
export { pathAxis } from './trajectory.js';

const HANDLERS: ProbeHandlers = { surface2d: surface, curve1d, curves, trajectory, histogram: weightHistogram, convexity, sharpness };

export function runProbe(probe: ProbeSpec, input: ProbeInput, earlier: Artifact[] = []): Promise<Artifact[]> {
  const handler = HANDLERS[probe.type] as ProbeHandler<ProbeSpec>;
  return handler(probe, input, earlier);
}
