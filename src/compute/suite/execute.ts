/**
 * Running the planned experiments: in this process (--jobs 1), or in N worker processes (--jobs N, default the number
 * of cores). The wasm backend is single-threaded in Node, so one process per core is how the compute step uses a
 * multi-core CPU. Each experiment runs whole inside one process, with its own seeds, so its numbers do not depend on
 * which worker ran it or in what order (tested: --jobs 2 gives the same artifacts as --jobs 1).
 *
 * One experiment failing (an exception) is reported and the others go on; the command then exits non-zero naming
 * the failures. A diverged training is not a failure: its result is stored with status 'diverged' (probes skipped)
 * and the summary says so. Workers write result files; only this process writes the manifest, so concurrent
 * workers never race on it. On SIGINT/SIGTERM the workers flush their progress and exit, then this process reports.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ExperimentResult } from '../../lib/schema.js';
import type { Experiment } from './config.js';
import type { RunContext } from './context.js';
import { flushAllPartials, PartialState } from './partial.js';
import { atStop, SIGNAL_EXIT } from './interrupt.js';
import { BackendError } from '../backend/types.js';
import { runExperiment } from './runSuite.js';
import { JobQueue, type Job } from './schedule.js';
import type { ResultStore } from './store.js';

export interface Outcome {
  id: string;
  seconds: number;
  /** Grid sizes of the result's surfaces, e.g. "21×21 21×21". */
  grids: string;
  /** Which process ran it (0 = this one). */
  worker: number;
  /** The backend and device it ran on. */
  backend: string;
  error?: string;
  /** Set when the training diverged: why (the result is stored, with status 'diverged' and no probes). */
  diverged?: string;
}

/** What the caller hears about each experiment: when it starts, and its outcome. */
export interface Observer {
  onStart(id: string): void;
  onDone(o: Outcome): void;
}

function grids(result: ExperimentResult): string {
  return result.artifacts.flatMap((a) => (a.kind === 'surface2d' ? [`${a.x.length}×${a.y.length}`] : [])).join(' ');
}

/** Compute one experiment and store it; `manifest: false` leaves manifest.json to the parent process. */
export async function computeOne(experiment: Experiment, hash: string, ctx: RunContext, store: ResultStore, manifest = true): Promise<Omit<Outcome, 'worker'>> {
  const t0 = performance.now();
  try {
    const result = await runExperiment(experiment, ctx);
    ctx.backend.check?.();
    store.write(result, { manifest: false });
    PartialState.clear(ctx.outDir, experiment.id, hash);
    if (manifest) updateManifestOrWarn(store, ctx.reporter.log.bind(ctx.reporter));
    return {
      id: experiment.id,
      seconds: (performance.now() - t0) / 1000,
      grids: grids(result),
      backend: `${ctx.backend.name} on ${ctx.backend.device}`,
      ...(result.status?.state === 'diverged' ? { diverged: result.status.reason } : {}),
    };
  } catch (e) {
    const err = e as Error;
    // Expected problems get one line; anything else its stack, since it is a bug.
    const message = ['DataError', 'SchemaError', 'StoreError'].includes(err.name) || err instanceof BackendError ? err.message : (err.stack ?? err.message);
    return { id: experiment.id, seconds: (performance.now() - t0) / 1000, grids: '', error: message, backend: `${ctx.backend.name} on ${ctx.backend.device}` };
  }
}

/** The result is stored; a manifest that cannot be written (a full disk) is rebuilt by the next run, so only warn. */
function updateManifestOrWarn(store: ResultStore, log: (line: string) => void): void {
  try {
    store.updateManifest();
  } catch (e) {
    log(`warning: manifest.json not updated (${(e as Error).message}); the next run rebuilds it from the result files`);
  }
}

export async function executeInProcess(jobs: Job[], hashes: Map<string, string>, ctx: RunContext, store: ResultStore, { onStart, onDone }: Observer): Promise<Outcome[]> {
  const queue = new JobQueue(jobs);
  const outcomes: Outcome[] = [];
  for (let job = queue.next(); job; job = queue.next()) {
    onStart(job.experiment.id);
    const o = { ...(await computeOne(job.experiment, hashes.get(job.experiment.id)!, ctx, store)), worker: 0 };
    queue.finish(o.id);
    outcomes.push(o);
    onDone(o);
  }
  return outcomes;
}

type ToWorker = { type: 'run'; id: string } | { type: 'exit' };
type FromWorker = { type: 'ready' } | { type: 'done'; outcome: Omit<Outcome, 'worker'> };

/**
 * Fork `count` workers (this same command with --worker) and feed them jobs as they become ready. `args` are the
 * command-line options the workers need to rebuild the same suite (profile, backend, out, data, cifar).
 */
export async function executeInWorkers(
  jobs: Job[],
  count: number,
  args: string[],
  store: ResultStore,
  log: (line: string) => void,
  { onStart, onDone }: Observer,
): Promise<Outcome[]> {
  const queue = new JobQueue(jobs);
  const outcomes: Outcome[] = [];
  const script = path.join(process.cwd(), 'scripts', 'run.mjs');
  const workers: ChildProcess[] = [];
  const idle: number[] = [];
  let interrupted = false;
  // A stop signal: pass it on (a terminal's Ctrl-C reaches the workers too; a `kill` of this process does not), give
  // the workers STOP_GRACE_MS to flush their progress and exit, then kill what is left. The CLI then reports.
  const unregister = atStop(async (signal) => {
    interrupted = true;
    const exited = workers.map((w) => (w.exitCode !== null || w.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => w.once('exit', () => r()))));
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill(signal);
    const grace = new Promise<void>((r) => setTimeout(r, STOP_GRACE_MS).unref());
    await Promise.race([Promise.all(exited), grace]);
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const dispatch = () => {
        while (idle.length > 0 && !interrupted) {
          const job = queue.next();
          if (!job) break;
          const w = idle.shift()!;
          onStart(job.experiment.id);
          workers[w].send({ type: 'run', id: job.experiment.id } satisfies ToWorker);
        }
        if (queue.done || interrupted) {
          for (const w of workers) if (w.connected) w.send({ type: 'exit' } satisfies ToWorker);
        }
      };
      let alive = count;
      for (let k = 0; k < count; k++) {
        const w = fork(script, ['src/compute/cli.ts', ...args, '--worker', String(k + 1)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        workers.push(w);
        w.on('message', (m: FromWorker) => {
          if (m.type === 'done') {
            const o = { ...m.outcome, worker: k + 1 };
            outcomes.push(o);
            queue.finish(o.id);
            if (!o.error) updateManifestOrWarn(store, log);
            onDone(o);
          }
          idle.push(k);
          dispatch();
        });
        w.on('exit', (code, signal) => {
          alive--;
          if (!queue.done && !interrupted) {
            interrupted = true;
            reject(new Error(`worker ${k + 1} exited (${signal ?? `code ${code}`}) with work left; finished results are kept, run the command again to resume`));
            for (const other of workers) if (other.exitCode === null) other.kill('SIGTERM');
          }
          if (alive === 0) resolve();
        });
      }
      log(`running on ${count} worker processes`);
    });
  } finally {
    unregister();
  }
  // Stopped by a signal: the stop handler (interrupt.ts) reports what was kept and exits; nothing more happens here.
  if (interrupted) return new Promise<Outcome[]>(() => {});
  return outcomes;
}

const STOP_GRACE_MS = 1500;

/** The worker side: announce readiness, run what the parent sends, report each outcome, exit when told. */
export function workerLoop(byId: Map<string, { experiment: Experiment; hash: string }>, ctx: RunContext, store: ResultStore): Promise<void> {
  return new Promise((resolve) => {
    // The parent went away (killed, or exited on Ctrl-C): keep what is finished and stop.
    process.on('disconnect', () => {
      flushAllPartials();
      process.exit(SIGNAL_EXIT.SIGINT);
    });
    process.on('message', async (m: ToWorker) => {
      if (m.type === 'exit') {
        process.removeAllListeners('disconnect');
        process.disconnect?.();
        resolve();
        return;
      }
      const item = byId.get(m.id);
      const outcome = item
        ? await computeOne(item.experiment, item.hash, ctx, store, false)
        : { id: m.id, seconds: 0, grids: '', backend: ctx.backend.name, error: `worker: no experiment ${m.id} in this suite (the parent and worker disagree on the options)` };
      process.send!({ type: 'done', outcome } satisfies FromWorker);
    });
    process.send!({ type: 'ready' } satisfies FromWorker);
  });
}
