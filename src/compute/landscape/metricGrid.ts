/**
 * Collecting per-point Metrics ({ train, test } evaluators) into the schema's flat metric arrays.
 */
import { METRICS, type MetricGrid } from '../../lib/schema.js';
import type { Metrics } from '../models/evaluate.js';

/** An all-null grid of `size` points (null = not computed yet, as the schema reads it). */
export function emptyMetricGrid(size: number): MetricGrid {
  return Object.fromEntries(METRICS.map((m) => [m, new Array<number | null>(size).fill(null)])) as MetricGrid;
}

/** Store the metrics of the evaluators named 'train' and 'test' at `index`; other names are ignored. */
export function recordMetrics(grid: MetricGrid, index: number, metrics: Record<string, Metrics>): void {
  if (metrics.train) {
    grid.trainLoss[index] = metrics.train.loss;
    grid.trainAccuracy[index] = metrics.train.accuracy;
  }
  if (metrics.test) {
    grid.testLoss[index] = metrics.test.loss;
    grid.testAccuracy[index] = metrics.test.accuracy;
  }
}
