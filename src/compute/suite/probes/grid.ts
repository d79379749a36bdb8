/**
 * A 2D grid of losses around the trained weights along two directions, resumable point by point (shared by the
 * surface and trajectory probes). Points are averaged over the experiment's probe examples (data.probeTrain/probeTest).
 */
import { METRICS, type DirectionInfo, type MetricGrid, type Surface2D } from '../../../lib/schema.js';
import type { Weights } from '../../models/params.js';
import { axisValues, type Axis } from '../../landscape/surface.js';
import { evaluateSurface2DBatched } from '../../landscape/planeBatched.js';
import type { PartialState } from '../partial.js';
import type { ProbeInput } from './types.js';
import { yieldToEvents } from '../../events.js';

/**
 * LANDSCAPE_POINT_DELAY_MS slows each grid point down: only for tests that interrupt a run mid-surface. A busy wait,
 * not a timer: like a real kernel it keeps the event loop from running, so such a test also shows that a signal is
 * handled at the next point (events.ts), not only when something happens to yield.
 */
const POINT_DELAY_MS = Number(process.env.LANDSCAPE_POINT_DELAY_MS ?? 0);

function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    /* spin */
  }
}

/** Grid values from persisted points (in METRICS order) and the set of indices still missing. */
function restoreGrid(partial: PartialState, grid: string, total: number): { metrics: MetricGrid; done: Set<number> } {
  const metrics = Object.fromEntries(METRICS.map((m) => [m, new Array<number | null>(total).fill(null)])) as MetricGrid;
  const done = new Set<number>();
  for (const [index, values] of partial.points(grid, { total, width: METRICS.length })) {
    METRICS.forEach((m, k) => (metrics[m][index] = values[k]));
    done.add(index);
  }
  return { metrics, done };
}

export interface GridSpec {
  id: string;
  title: string;
  x: Axis;
  y: Axis;
  directions: [Weights, Weights];
  info: DirectionInfo;
  basis: 'random' | 'pca';
}

export async function evaluateGrid(input: ProbeInput, grid: GridSpec): Promise<Surface2D> {
  const { exp, model, trained, data, partial, ctx } = input;
  const xs = axisValues(grid.x);
  const ys = axisValues(grid.y);
  const total = xs.length * ys.length;
  const { metrics, done } = restoreGrid(partial, grid.id, total);
  const reused = done.size;
  const report = ctx.reporter.task(`${exp.id}: ${grid.id} ${xs.length}×${ys.length}`, total);
  let count = reused;
  let computed = 0;
  const t0 = performance.now();
  const { mode, layers } = await evaluateSurface2DBatched({
    model,
    weights: trained.weights,
    directions: grid.directions,
    x: grid.x,
    y: grid.y,
    data: { train: data.probeTrain, test: data.probeTest },
    skip: done,
    onPoint: async ({ index, metrics: m }) => {
      const values = [m.train.loss, m.train.accuracy, m.test.loss, m.test.accuracy];
      METRICS.forEach((name, k) => (metrics[name][index] = values[k]));
      partial.recordPoint(grid.id, index, values);
      computed++;
      report(++count);
      if (POINT_DELAY_MS > 0) busyWait(POINT_DELAY_MS);
      await yieldToEvents();
    },
  });
  partial.flush();
  const seconds = (performance.now() - t0) / 1000;
  ctx.reporter.log(
    `${exp.id}: ${grid.id}: computed ${computed} points, reused ${reused}` + (computed ? ` (${(computed / seconds).toFixed(1)} points/s, ${mode}${layers ? `, ${layers} layers` : ''})` : ''),
  );
  return {
    kind: 'surface2d',
    id: grid.id,
    title: grid.title,
    directions: grid.info,
    ...(grid.basis === 'pca' ? { basis: 'pca' as const } : {}),
    x: xs,
    y: ys,
    metrics,
    evaluated: { train: data.probeTrain.n, test: data.probeTest.n },
  };
}
