import { describe, expect, it } from 'vitest';
import { JobQueue, planJobs, type Job } from '../../src/compute/suite/schedule';
import { suite } from '../../src/compute/suite/experiments';

const job = (id: string, cost: number, after: string[] = []): Job => ({ experiment: { id } as Job['experiment'], cost, after });

describe('JobQueue', () => {
  it('hands out the most expensive ready job first and holds dependants until their owner finished', () => {
    const q = new JobQueue([job('a', 1), job('b', 5), job('interp', 9, ['a', 'b'])]);
    expect(q.next()!.experiment.id).toBe('b');
    expect(q.next()!.experiment.id).toBe('a');
    expect(q.next()).toBeNull(); // interp waits for a and b
    q.finish('b');
    expect(q.next()).toBeNull();
    q.finish('a');
    expect(q.next()!.experiment.id).toBe('interp');
    expect(q.done).toBe(false);
    q.finish('interp');
    expect(q.done).toBe(true);
  });

  it('does not wait for dependencies outside the run (already up to date or not selected)', () => {
    const q = new JobQueue([job('interp', 1, ['not-in-this-run'])]);
    expect(q.next()!.experiment.id).toBe('interp');
  });
});

describe('planJobs on the quick suite', () => {
  const experiments = suite('quick');
  const jobs = planJobs(experiments, () => 1, () => 'data-sha');
  const byId = new Map(jobs.map((j) => [j.experiment.id, j]));

  it('makes each interpolation wait for the two batch runs whose trainings it reuses', () => {
    expect(byId.get('interp-sgd')!.after.sort()).toEqual(['batch-sgd-large', 'batch-sgd-small']);
    expect(byId.get('interp-adam')!.after.sort()).toEqual(['batch-adam-large', 'batch-adam-small']);
  });

  it('lets runs with trainings of their own start at once', () => {
    for (const j of jobs) if (j.experiment.config.kind === 'run') expect(j.after, j.experiment.id).toEqual([]);
  });
});
