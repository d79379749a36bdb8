/**
 * What the site reads about a run beyond its artifacts: its training hyperparameters (the typed `trainings` of the
 * result, src/lib/schema.ts) and final errors (from its training history). A diverged run (src/site/run-status.ts)
 * keeps its setup but has no measured values: they read as null, never as the numbers of a broken network.
 */
import type { ExperimentResult, TrainingSetup } from '../lib/schema';
import { matchExperiments } from './precomputed';
import { isDiverged } from './run-status';

/** The run's (first) training setup; a result without one fails the build naming the component and the run. */
export function trainingSetup(r: ExperimentResult, component: string): TrainingSetup {
  const t = r.trainings[0];
  if (!t) throw new Error(`<${component}>: run ${r.id} has no training setup (its result's "trainings" is empty).`);
  return t;
}

export function trainParams(r: ExperimentResult, component: string): { lr: number; bs: number } {
  const t = trainingSetup(r, component);
  return { lr: t.lr, bs: t.batchSize };
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
  if (ids.length === 0) throw new Error(`<${component} runs="${runs}">: no result file in precomputed/ matches.`);
  return ids;
}

/** The numeric fields of a training setup a path may name ("train.lr", "train.weightDecay" …). */
const SETUP_KEYS = ['lr', 'batchSize', 'weightDecay', 'momentum', 'epochs', 'replicate'] as const;

/**
 * A number of a run named by a path: "final.testError" (training history), "<scalarsId>.<key>" (a scalars
 * artifact), "train.lr" / "train.batchSize" / "train.weightDecay" … (the run's training setup).
 */
export function runValue(r: ExperimentResult, path: string, component: string): number | null {
  const dot = path.indexOf('.');
  const head = path.slice(0, dot);
  const key = path.slice(dot + 1);
  if (dot < 0) throw new Error(`<${component}>: "${path}" is not of the form source.key (final.testError, <scalars id>.<key>, train.lr)`);
  if (head === 'train') {
    if (!(SETUP_KEYS as readonly string[]).includes(key)) throw new Error(`<${component}>: "${path}": a training setup has ${SETUP_KEYS.map((k) => `train.${k}`).join(', ')}.`);
    return trainingSetup(r, component)[key as (typeof SETUP_KEYS)[number]];
  }
  // A diverged run's probes were skipped, and its last epoch measured a broken network: no value (but "diverged").
  if (isDiverged(r)) return head === 'final' && key === 'diverged' ? 1 : null;
  if (head === 'final') {
    const m = finalMetrics(r);
    if (!m || !(key in m)) throw new Error(`<${component}>: run ${r.id} has no training history value "${key}".`);
    return m[key];
  }
  const s = r.artifacts.find((a) => a.kind === 'scalars' && a.id === head);
  if (!s || s.kind !== 'scalars' || !(key in s.values))
    throw new Error(`<${component}>: run ${r.id} has no scalars artifact "${head}" with value "${key}" (artifacts: ${r.artifacts.map((a) => `${a.kind} "${a.id}"`).join(', ')}).`);
  return s.values[key];
}

/** A run's final test error; null for a diverged run (its numbers are a broken network's) or one without a history. */
export function testErrorOf(r: ExperimentResult): number | null {
  if (isDiverged(r)) return null;
  const e = finalMetrics(r)?.testError ?? null;
  return e !== null && Number.isFinite(e) ? e : null;
}

/** The PC1 extent of a run's trajectory plane (how far its path travels); null without a trajectory surface. */
export function planeSpan(r: ExperimentResult): number | null {
  const traj = r.artifacts.find((a) => a.kind === 'trajectory');
  const plane = traj?.kind === 'trajectory' && traj.surface ? r.artifacts.find((a) => a.kind === 'surface2d' && a.id === traj.surface) : undefined;
  return plane?.kind === 'surface2d' ? plane.x[plane.x.length - 1] - plane.x[0] : null;
}

/**
 * The runs with the lowest and the highest value of `value` (runs where it is null skipped), or null when none has
 * one: what the explorer's caption and the article's prose both say about the grid, computed once here.
 */
export function extremes<R extends ExperimentResult>(runs: R[], value: (r: R) => number | null): { lowest: R; highest: R } | null {
  const valued = runs.filter((r) => value(r) !== null);
  if (valued.length === 0) return null;
  const by = (better: (a: number, b: number) => boolean) => valued.reduce((a, b) => (better(value(b)!, value(a)!) ? b : a));
  return { lowest: by((b, a) => b < a), highest: by((b, a) => b > a) };
}
