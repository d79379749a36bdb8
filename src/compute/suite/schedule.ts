/**
 * The order experiments run in, for one process or several: an experiment that reuses another's training (an
 * interpolation reuses the batch runs' weights, through the weights cache) waits until that experiment has finished,
 * so two workers never train the same network twice; among the experiments that are ready, the most expensive goes
 * first (longest-processing-time first keeps two workers busy until the end).
 */
import type { Experiment } from './config.js';
import { trainingKey } from './training.js';

export interface Job {
  experiment: Experiment;
  /** Estimated cost (any unit; only the order matters). */
  cost: number;
  /** Ids of the jobs whose trainings this one reuses: it starts only after they finished. */
  after: string[];
}

function trainingKeys(e: Experiment, dataSha: string): string[] {
  const c = e.config;
  const trains = c.kind === 'run' ? [c.train] : c.runs;
  return trains.map((t) => trainingKey(c.data, c.model, t, dataSha));
}

/**
 * Jobs with their dependencies. The owner of a training is the first experiment of kind 'run' that uses it (else the
 * first experiment at all); every other experiment using it runs after its owner.
 */
export function planJobs(experiments: Experiment[], cost: (e: Experiment) => number, dataSha: (e: Experiment) => string): Job[] {
  const owner = new Map<string, string>();
  const byKind = [...experiments.filter((e) => e.config.kind === 'run'), ...experiments.filter((e) => e.config.kind !== 'run')];
  for (const e of byKind) for (const k of trainingKeys(e, dataSha(e))) if (!owner.has(k)) owner.set(k, e.id);
  return experiments.map((e) => ({
    experiment: e,
    cost: cost(e),
    after: [...new Set(trainingKeys(e, dataSha(e)).map((k) => owner.get(k)!).filter((id) => id !== e.id))],
  }));
}

/** A queue that hands out ready jobs, most expensive first. */
export class JobQueue {
  private pending: Job[];
  private finished = new Set<string>();
  private running = new Set<string>();

  constructor(jobs: Job[]) {
    const ids = new Set(jobs.map((j) => j.experiment.id));
    // A dependency outside this run (already up to date, or not selected) is not waited for.
    this.pending = jobs.map((j) => ({ ...j, after: j.after.filter((id) => ids.has(id)) })).sort((a, b) => b.cost - a.cost);
  }

  /** The next job whose dependencies have finished, or null (none ready now; see `done`). */
  next(): Job | null {
    const i = this.pending.findIndex((j) => j.after.every((id) => this.finished.has(id)));
    if (i < 0) return null;
    const [job] = this.pending.splice(i, 1);
    this.running.add(job.experiment.id);
    return job;
  }

  /** Mark a job finished (successfully or not: a failed owner releases its dependants, which then train themselves). */
  finish(id: string): void {
    this.running.delete(id);
    this.finished.add(id);
  }

  get done(): boolean {
    return this.pending.length === 0 && this.running.size === 0;
  }

  get idle(): boolean {
    return this.running.size === 0;
  }
}
