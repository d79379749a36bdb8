/**
 * Decide what to compute (missing or stale results), compute it, and store it. Finished results are written one by
 * one, so a failure in one experiment loses nothing already computed.
 */
import type { Experiment } from './experiments.js';
import type { RunContext } from './context.js';
import { ResultStore } from './store.js';
import { configHash } from './hash.js';
import { runRun } from './runRun.js';
import { runInterpolation } from './runInterpolation.js';
import type { DatasetName } from './datasets.js';
import type { ExperimentResult } from '../../lib/schema.js';

export interface PlanItem {
  experiment: Experiment;
  hash: string;
  action: 'reuse' | 'compute';
  reason: string;
}

/** dataShas: the hash of each data set that is present (results are then checked against it). */
export function plan(experiments: Experiment[], store: ResultStore, { force = false, dataShas = {} }: { force?: boolean; dataShas?: Partial<Record<DatasetName, string>> }): PlanItem[] {
  return experiments.map((experiment) => {
    const hash = configHash(experiment.config);
    if (force) return { experiment, hash, action: 'compute', reason: '--force' };
    const status = store.status(experiment.id, hash, dataShas[experiment.config.data.name]);
    if (status.state === 'fresh') return { experiment, hash, action: 'reuse', reason: 'up to date' };
    return { experiment, hash, action: 'compute', reason: status.state === 'missing' ? 'missing' : status.reason };
  });
}

export async function runExperiment(experiment: Experiment, ctx: RunContext): Promise<ExperimentResult> {
  const { config } = experiment;
  switch (config.kind) {
    case 'run':
      return runRun({ ...experiment, config }, ctx);
    case 'interpolation':
      return runInterpolation({ ...experiment, config }, ctx);
  }
}
