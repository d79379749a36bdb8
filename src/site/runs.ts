/**
 * What the site reads about a run beyond its artifacts: its training hyperparameters (from the provenance config,
 * config.train.lr and config.train.batchSize) and final errors (from its training history). The schema types config
 * as unknown, so this checks what it finds and says what is missing.
 */
import type { ExperimentResult } from '../lib/schema';
import { matchExperiments } from './precomputed';

export function trainParams(r: ExperimentResult, component: string): { lr: number; bs: number } {
  const train = (r.provenance.config as { train?: { lr?: unknown; batchSize?: unknown } } | null)?.train;
  const lr = train?.lr;
  const bs = train?.batchSize;
  if (typeof lr !== 'number' || typeof bs !== 'number')
    throw new Error(`<${component}>: run ${r.id} has no numeric provenance.config.train.lr and .batchSize (found lr=${JSON.stringify(lr)}, batchSize=${JSON.stringify(bs)}).`);
  return { lr, bs };
}

/** Final-epoch metrics of a run, with errors (1 − accuracy); null when the run has no training history. */
export function finalMetrics(r: ExperimentResult): Record<string, number | null> | null {
  const t = r.artifacts.find((a) => a.kind === 'training');
  if (!t || t.kind !== 'training' || t.epochs.length === 0) return null;
  const e = t.epochs[t.epochs.length - 1];
  return {
    trainLoss: e.trainLoss,
    testLoss: e.testLoss,
    trainAccuracy: e.trainAccuracy,
    testAccuracy: e.testAccuracy,
    trainError: 1 - e.trainAccuracy,
    testError: 1 - e.testAccuracy,
    diverged: t.diverged ? 1 : 0,
  };
}

/** Experiment ids from a list or a `*` pattern; an empty match fails the build with the pattern named. */
export function resolveRuns(runs: string | string[], component: string): string[] {
  const ids = Array.isArray(runs) ? runs : matchExperiments(runs);
  if (ids.length === 0) throw new Error(`<${component} runs="${runs}">: no experiment in precomputed/manifest.json matches.`);
  return ids;
}

/**
 * A number of a run named by a path: "final.testError" (training history), "<scalarsId>.<key>" (a scalars
 * artifact), "train.lr" / "train.batchSize" (config).
 */
export function runValue(r: ExperimentResult, path: string, component: string): number | null {
  const dot = path.indexOf('.');
  const head = path.slice(0, dot);
  const key = path.slice(dot + 1);
  if (dot < 0) throw new Error(`<${component}>: "${path}" is not of the form source.key (final.testError, <scalars id>.<key>, train.lr)`);
  if (head === 'final') {
    const m = finalMetrics(r);
    if (!m || !(key in m)) throw new Error(`<${component}>: run ${r.id} has no training history value "${key}".`);
    return m[key];
  }
  if (head === 'train') {
    const p = trainParams(r, component);
    if (key === 'lr') return p.lr;
    if (key === 'batchSize') return p.bs;
  }
  const s = r.artifacts.find((a) => a.kind === 'scalars' && a.id === head);
  if (!s || s.kind !== 'scalars' || !(key in s.values))
    throw new Error(`<${component}>: run ${r.id} has no scalars artifact "${head}" with value "${key}" (artifacts: ${r.artifacts.map((a) => `${a.kind} "${a.id}"`).join(', ')}).`);
  return s.values[key];
}
