/** Probes: analyses of a trained model, each producing one schema artifact. Grid probes persist points as they finish. */
import { METRICS, type Artifact, type MetricGrid } from '../../lib/schema.js';
import { randomDirection } from '../landscape/directions.js';
import { axisValues, evaluateSurface2D } from '../landscape/surface.js';
import type { Evaluator } from '../models/evaluate.js';
import type { Model, Weights } from '../models/params.js';
import type { Experiment, ProbeSpec } from './config.js';
import type { RunContext } from './context.js';
import type { PartialState } from './partial.js';

/** LANDSCAPE_POINT_DELAY_MS slows each grid point down: only for tests that interrupt a run mid-surface. */
const POINT_DELAY_MS = Number(process.env.LANDSCAPE_POINT_DELAY_MS ?? 0);

export interface ProbeInput {
  exp: Experiment;
  model: Model;
  weights: Weights;
  evaluators: Record<'train' | 'test', Evaluator>;
  partial: PartialState;
  ctx: RunContext;
}

/** Grid values from persisted points (in METRICS order) and the set of indices still missing. */
function restoreGrid(partial: PartialState, grid: string, total: number): { metrics: MetricGrid; done: Set<number> } {
  const metrics = Object.fromEntries(METRICS.map((m) => [m, new Array<number | null>(total).fill(null)])) as MetricGrid;
  const done = new Set<number>();
  for (const [index, values] of partial.points(grid)) {
    METRICS.forEach((m, k) => (metrics[m][index] = values[k]));
    done.add(index);
  }
  return { metrics, done };
}

export async function runProbe(probe: ProbeSpec, input: ProbeInput): Promise<Artifact> {
  switch (probe.type) {
    case 'surface2d':
      return surface2d(probe, input);
  }
}

async function surface2d(probe: Extract<ProbeSpec, { type: 'surface2d' }>, { exp, model, weights, evaluators, partial, ctx }: ProbeInput): Promise<Artifact> {
  const { directions: dir } = probe;
  const d1 = randomDirection(model.specs, weights, dir);
  const d2 = randomDirection(model.specs, weights, { ...dir, seed: dir.seed + 1 });
  const xs = axisValues(probe.x);
  const ys = axisValues(probe.y);
  const total = xs.length * ys.length;
  const { metrics, done } = restoreGrid(partial, probe.id, total);
  const reused = done.size;
  const report = ctx.reporter.task(`${exp.id}: ${probe.id} ${xs.length}×${ys.length}`, total);
  let count = reused;
  let computed = 0;
  const t0 = performance.now();
  await evaluateSurface2D({
    specs: model.specs,
    weights,
    directions: [d1, d2],
    x: probe.x,
    y: probe.y,
    evaluators,
    skip: done,
    onPoint: async ({ index, metrics: m }) => {
      const values = [m.train.loss, m.train.accuracy, m.test.loss, m.test.accuracy];
      METRICS.forEach((name, k) => (metrics[name][index] = values[k]));
      partial.recordPoint(probe.id, index, values);
      computed++;
      report(++count);
      if (POINT_DELAY_MS > 0) await new Promise((r) => setTimeout(r, POINT_DELAY_MS));
    },
  });
  partial.flush();
  const seconds = (performance.now() - t0) / 1000;
  ctx.reporter.log(
    `${exp.id}: ${probe.id}: computed ${computed} points, reused ${reused}` + (computed ? ` (${(computed / seconds).toFixed(1)} points/s)` : ''),
  );
  return {
    kind: 'surface2d',
    id: probe.id,
    title: probe.title,
    directions: { seed: dir.seed, normalization: dir.normalization, biasBn: dir.biasBn },
    x: xs,
    y: ys,
    metrics,
    evaluated: { train: evaluators.train.n, test: evaluators.test.n },
  };
}
