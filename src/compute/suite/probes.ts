/**
 * Probes: analyses of a trained model, each producing schema artifacts (the first is the probe's own; a trajectory
 * also returns the surface on its PCA plane). Grid probes persist every finished point through PartialState.
 */
import { METRICS, type Artifact, type DirectionInfo, type MetricGrid, type Surface2D } from '../../lib/schema.js';
import { directionInfo, directionPair, randomDirection } from '../landscape/directions.js';
import { axisValues, type Axis } from '../landscape/surface.js';
import { evaluateSurface2DBatched } from '../landscape/planeBatched.js';
import { directionCurve, curve1dArtifact } from '../landscape/interpolate.js';
import { pcaDirections } from '../landscape/trajectory.js';
import { convexityMap } from '../landscape/convexity.js';
import { hessianExtremes } from '../landscape/hessian.js';
import { modelLossTerms } from '../landscape/secondOrder.js';
import { take } from '../data/dataset.js';
import { curvatureAtZero, lossRiseAt } from '../landscape/sharpness.js';
import { makeEvaluator } from '../models/evaluate.js';
import type { Model, Weights } from '../models/params.js';
import type { Experiment, ProbeSpec } from './config.js';
import type { RunContext } from './context.js';
import type { PartialState } from './partial.js';
import type { Prepared, Trained } from './training.js';

/** LANDSCAPE_POINT_DELAY_MS slows each grid point down: only for tests that interrupt a run mid-surface. */
const POINT_DELAY_MS = Number(process.env.LANDSCAPE_POINT_DELAY_MS ?? 0);

export interface ProbeInput {
  exp: Experiment;
  model: Model;
  trained: Trained;
  data: Prepared;
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

/** A 2D grid around the trained weights along two directions, resumable point by point. */
async function evaluateGrid(
  input: ProbeInput,
  grid: { id: string; title: string; x: Axis; y: Axis; directions: [Weights, Weights]; info: DirectionInfo; basis: 'random' | 'pca' },
): Promise<Surface2D> {
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
  const { mode } = await evaluateSurface2DBatched({
    model,
    weights: trained.weights,
    directions: grid.directions,
    x: grid.x,
    y: grid.y,
    data: { train: data.evalTrain, test: data.evalTest },
    skip: done,
    onPoint: async ({ index, metrics: m }) => {
      const values = [m.train.loss, m.train.accuracy, m.test.loss, m.test.accuracy];
      METRICS.forEach((name, k) => (metrics[name][index] = values[k]));
      partial.recordPoint(grid.id, index, values);
      computed++;
      report(++count);
      if (POINT_DELAY_MS > 0) await new Promise((r) => setTimeout(r, POINT_DELAY_MS));
    },
  });
  partial.flush();
  const seconds = (performance.now() - t0) / 1000;
  ctx.reporter.log(
    `${exp.id}: ${grid.id}: computed ${computed} points, reused ${reused}` + (computed ? ` (${(computed / seconds).toFixed(1)} points/s, ${mode})` : ''),
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
    evaluated: { train: data.evalTrain.n, test: data.evalTest.n },
  };
}

/** Extent of a path, widened by `margin` of its span on each side and always containing 0 (the final weights). */
export function pathAxis(values: number[], margin: number, n: number): Axis {
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const span = hi - lo || 1;
  return { min: lo - margin * span, max: hi + margin * span, n };
}

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

export async function runProbe(probe: ProbeSpec, input: ProbeInput, earlier: Artifact[] = []): Promise<Artifact[]> {
  const { model, trained, data, partial, ctx, exp } = input;
  switch (probe.type) {
    case 'surface2d': {
      const directions = directionPair(model.specs, trained.weights, probe.directions);
      return [await evaluateGrid(input, { ...probe, directions, info: directionInfo(probe.directions), basis: 'random' })];
    }
    case 'curve1d': {
      const direction = randomDirection(model.specs, trained.weights, probe.directions);
      const evaluators = { train: makeEvaluator(model, data.evalTrain), test: makeEvaluator(model, data.evalTest) };
      try {
        const curve = await directionCurve({ specs: model.specs, weights: trained.weights, direction, alphas: probe.x, evaluators });
        const { seed, normalization, biasBn } = probe.directions;
        return [curve1dArtifact(curve, { id: probe.id, title: probe.title, axis: 'direction', directions: { seed, normalization, biasBn } })];
      } finally {
        evaluators.train.dispose();
        evaluators.test.dispose();
      }
    }
    case 'trajectory': {
      if (trained.checkpoints.length < 3) throw new Error(`${input.exp.id}: probe ${probe.id} needs checkpoints: set train.checkpointEvery`);
      const pca = pcaDirections(
        trained.checkpoints.map((c) => c.weights),
        trained.weights,
        { specs: model.specs },
      );
      const trajectory: Artifact = {
        kind: 'trajectory',
        id: probe.id,
        title: probe.title,
        explainedVariance: pca.explainedVariance,
        x: pca.coords.x,
        y: pca.coords.y,
        step: trained.checkpoints.map((c) => c.step),
        ...(probe.surface ? { surface: probe.surface.id } : {}),
      };
      if (!probe.surface) return [trajectory];
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
      return [trajectory, surface];
    }
    case 'histogram': {
      const values = model.specs.flatMap((s, p) => (s.kind === 'conv' || s.kind === 'dense' ? [trained.weights[p]] : []));
      const all = (function* () {
        for (const w of values) yield* w;
      })();
      const { edges, counts } = histogram([...all], probe.bins);
      return [{ kind: 'histogram', id: probe.id, title: probe.title, edges, counts }];
    }
    case 'convexity': {
      const directions = directionPair(model.specs, trained.weights, probe.directions);
      const loss = modelLossTerms(model, take(data.evalTrain, probe.examples));
      const done = partial.points(probe.id);
      const total = probe.x.n * probe.y.n;
      const report = ctx.reporter.task(`${exp.id}: ${probe.id} ${probe.x.n}×${probe.y.n} (Hessian)`, total);
      let count = done.size;
      try {
        const map = await convexityMap({
          problem: { specs: model.specs, terms: loss.terms },
          weights: trained.weights,
          directions,
          x: probe.x,
          y: probe.y,
          k: probe.k,
          skip: new Set(done.keys()),
          onPoint: ({ index, extremes }) => {
            partial.recordPoint(probe.id, index, [extremes.lambdaMin, extremes.lambdaMax]);
            report(++count);
          },
        });
        for (const [index, [lmin, lmax]] of done) {
          map.lambdaMin[index] = lmin;
          map.lambdaMax[index] = lmax;
          map.ratio[index] = lmin === null || lmax === null || lmax === 0 ? null : Math.abs(lmin / lmax);
        }
        partial.flush();
        return [{ kind: 'convexity', id: probe.id, title: probe.title, ...map }];
      } finally {
        loss.dispose();
      }
    }
    case 'sharpness': {
      const curve = earlier.find((a) => a.id === probe.curve);
      if (!curve || curve.kind !== 'curve1d') throw new Error(`${exp.id}: probe ${probe.id} needs the curve1d probe '${probe.curve}' before it`);
      const loss = modelLossTerms(model, take(data.evalTrain, probe.examples));
      try {
        const e = await hessianExtremes({ specs: model.specs, terms: loss.terms }, trained.weights, { k: probe.k });
        const last = trained.history.at(-1);
        return [
          {
            kind: 'scalars',
            id: probe.id,
            title: probe.title,
            values: {
              lambdaMax: e.lambdaMax,
              lambdaMin: e.lambdaMin,
              // 11 points: |α| ≤ 0.25 on the standard 41-point curve.
              curvature1d: curvatureAtZero(curve.x, curve.metrics.trainLoss, { points: 11 }),
              lossRise05: lossRiseAt(curve.x, curve.metrics.trainLoss, 0.5),
              lossRise1: lossRiseAt(curve.x, curve.metrics.trainLoss, 1),
              weightNorm: Math.sqrt(
                model.specs.reduce((sum, spec, p) => (spec.kind === 'conv' || spec.kind === 'dense' ? sum + trained.weights[p].reduce((a, v) => a + v * v, 0) : sum), 0),
              ),
              trainLoss: last?.trainLoss ?? null,
              testError: last ? 1 - last.testAccuracy : null,
              trainError: last ? 1 - last.trainAccuracy : null,
            },
          },
        ];
      } finally {
        loss.dispose();
      }
    }
  }
}
