/**
 * 1D slices of the loss landscape (Li et al. 2018, Sec. 3 and 4):
 * - linear interpolation θ(α) = (1−α)θ₁ + αθ₂ between two solutions (Goodfellow et al.'s plot), usually α ∈ [−0.5, 1.5];
 * - a random-direction curve θ + α·δ (δ filter-normalized, see directions.ts).
 * Every point records the metrics of every evaluator; the result is shaped for the schema's Curve1D.
 */
import { tf } from '../tf.js';
import { assertWeightsMatch, type ParamSpec, type Weights } from '../models/params.js';
import type { Metrics } from '../models/evaluate.js';
import type { Curve1D, DirectionInfo } from '../../lib/schema.js';
import { emptyMetricGrid, recordMetrics } from './metricGrid.js';
import { axisValues, type Axis } from './surface.js';
import { yieldToEvents } from '../events.js';

export type Evaluators = Record<string, ((params: tf.Tensor[]) => Promise<Metrics>) & { n?: number }>;

export interface CurvePoint {
  index: number;
  alpha: number;
  metrics: Record<string, Metrics>;
}

interface LineOptions {
  specs: ParamSpec[];
  /** Points along the line: an Axis, or explicit values. */
  alphas: Axis | number[];
  evaluators: Evaluators;
  skip?: Set<number>;
  onPoint?: (p: CurvePoint) => void | Promise<void>;
}

export interface InterpolationOptions extends LineOptions {
  from: Weights;
  to: Weights;
}

export interface DirectionCurveOptions extends LineOptions {
  weights: Weights;
  direction: Weights;
}

export interface CurveData {
  x: number[];
  metrics: Curve1D['metrics'];
  evaluated: Curve1D['evaluated'];
}

/** The line's points as (a, b) coefficients: params(α) = a·u + b·v, evaluated on the backend. */
async function evaluateLine(
  { specs, alphas, evaluators, skip = new Set(), onPoint = () => {} }: LineOptions,
  u: Weights,
  v: Weights,
  coefficients: (alpha: number) => [number, number],
): Promise<CurveData> {
  const xs = Array.isArray(alphas) ? alphas : axisValues(alphas);
  const metrics = emptyMetricGrid(xs.length);
  const ut = u.map((w, p) => tf.tensor(w, specs[p].shape, 'float32'));
  const vt = v.map((w, p) => tf.tensor(w, specs[p].shape, 'float32'));
  try {
    for (let i = 0; i < xs.length; i++) {
      if (skip.has(i)) continue;
      await yieldToEvents();
      const [a, b] = coefficients(xs[i]);
      // a = 1, b = 0 (and a = 0, b = 1) give exactly u (v) in fp32: x·1 + y·0 = x, so the endpoints reproduce the models.
      const params = tf.tidy(() => ut.map((t, p) => tf.add(tf.mul(t, a), tf.mul(vt[p], b))));
      const m: Record<string, Metrics> = {};
      try {
        for (const [name, evaluate] of Object.entries(evaluators)) m[name] = await evaluate(params);
      } finally {
        tf.dispose(params);
      }
      recordMetrics(metrics, i, m);
      await onPoint({ index: i, alpha: xs[i], metrics: m });
    }
  } finally {
    tf.dispose([...ut, ...vt]);
  }
  return { x: xs, metrics, evaluated: { train: evaluators.train?.n ?? 0, test: evaluators.test?.n ?? 0 } };
}

/** θ(α) = (1−α)θ₁ + αθ₂ at each α (x = α). */
export function interpolationCurve(options: InterpolationOptions): Promise<CurveData> {
  assertWeightsMatch(options.specs, options.from, 'interpolationCurve: from');
  assertWeightsMatch(options.specs, options.to, 'interpolationCurve: to');
  return evaluateLine(options, options.from, options.to, (alpha) => [1 - alpha, alpha]);
}

/** θ + α·δ at each α (x = α). */
export function directionCurve(options: DirectionCurveOptions): Promise<CurveData> {
  assertWeightsMatch(options.specs, options.weights, 'directionCurve: weights');
  assertWeightsMatch(options.specs, options.direction, 'directionCurve: direction');
  return evaluateLine(options, options.weights, options.direction, (alpha) => [1, alpha]);
}

/** A schema Curve1D artifact from curve data. */
export function curve1dArtifact(
  data: CurveData,
  { id, title, axis, directions }: { id: string; title: string; axis: Curve1D['axis']; directions?: DirectionInfo },
): Curve1D {
  return { kind: 'curve1d', id, title, axis, ...(directions ? { directions } : {}), ...data };
}
