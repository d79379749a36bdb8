/** Probe 'histogram': the distribution of the kernel (conv and dense, not bias or BatchNorm) weights. */
import type { ProbeSpec } from '../config.js';
import type { ProbeHandler } from './types.js';

export function histogram(values: Iterable<number>, bins: number): { edges: number[]; counts: number[] } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo)) hi = lo + 1;
  const edges = Array.from({ length: bins + 1 }, (_, k) => lo + ((hi - lo) * k) / bins);
  const counts = new Array(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins))]++;
  return { edges, counts };
}

export const weightHistogram: ProbeHandler<Extract<ProbeSpec, { type: 'histogram' }>> = async (probe, { model, trained }) => {
  const kernels = model.specs.flatMap((s, p) => (s.kind === 'conv' || s.kind === 'dense' ? [trained.weights[p]] : []));
  const all = kernels.flatMap((w) => Array.from(w));
  const { edges, counts } = histogram(all, probe.bins);
  return [{ kind: 'histogram', id: probe.id, title: probe.title, edges, counts }];
};
