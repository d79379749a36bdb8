/**
 * Decide what to compute (missing or stale results), compute it, and store it. Finished results are written one by
 * one, so a failure in one experiment loses nothing already computed.
 */
import { existsSync } from 'node:fs';
import type { Experiment } from './experiments.js';
import type { RunContext } from './context.js';
import { ResultStore } from './store.js';
import { configHash } from './hash.js';
import { runRun } from './runRun.js';
import { runInterpolation } from './runInterpolation.js';
import { hashFiles, FASHION_MNIST_FILES } from '../data/fashionMnist.js';
import path from 'node:path';
import type { ExperimentResult } from '../../lib/schema.js';

export interface PlanItem {
  experiment: Experiment;
  hash: string;
  action: 'reuse' | 'compute';
  reason: string;
}

/** The data's hash when the data is present (results are then checked against it), else undefined. */
export function dataShaIfPresent(dir: string): string | undefined {
  const names = Object.values(FASHION_MNIST_FILES);
  if (!names.every((n) => existsSync(path.join(dir, n)))) return undefined;
  return hashFiles(dir, names);
}

export function plan(experiments: Experiment[], store: ResultStore, { force = false, dataSha }: { force?: boolean; dataSha?: string }): PlanItem[] {
  return experiments.map((experiment) => {
    const hash = configHash(experiment.config);
    if (force) return { experiment, hash, action: 'compute', reason: '--force' };
    const status = store.status(experiment.id, hash, dataSha);
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
