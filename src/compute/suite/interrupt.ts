/**
 * Ctrl-C (SIGINT) and SIGTERM: stop within about a second, keep every finished grid point, say what was kept, and
 * exit non-zero (130 / 143, as a shell reports a process killed by that signal). The handlers run when a compute
 * loop yields to the event loop (events.ts), so "promptly" means: at the next grid point, training batch or Lanczos
 * step. A second signal exits at once (after flushing progress, which is one synchronous write per experiment).
 */
import { flushAllPartials, PartialState } from './partial.js';

export const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof SIGNAL_EXIT;

type StopHook = (signal: StopSignal) => void | Promise<void>;
const hooks: StopHook[] = [];
let stopping = false;

/** Run `hook` when a stop signal arrives; hooks run last-registered first (workers stop before the report). */
export function atStop(hook: StopHook): () => void {
  hooks.push(hook);
  return () => {
    const i = hooks.indexOf(hook);
    if (i >= 0) hooks.splice(i, 1);
  };
}

async function stop(signal: StopSignal): Promise<void> {
  if (stopping) {
    flushAllPartials();
    process.exit(SIGNAL_EXIT[signal]);
  }
  stopping = true;
  try {
    for (const hook of [...hooks].reverse()) await hook(signal);
  } finally {
    flushAllPartials();
    process.exit(SIGNAL_EXIT[signal]);
  }
}

/** Install the handlers (once per process; the CLI does it before any work). */
export function handleStopSignals(): void {
  for (const signal of Object.keys(SIGNAL_EXIT) as StopSignal[]) process.on(signal, () => void stop(signal));
}

/** What an interrupted run leaves behind, for the line the CLI prints. */
export function keptReport(outDir: string, finished: string[], inFlight: Array<{ id: string; hash: string }>, signal: StopSignal): string {
  const lines = [`\ninterrupted (${signal}): ${finished.length ? `${finished.length} result(s) finished in this run are stored in ${outDir}/: ${finished.join(', ')}` : 'no result finished in this run'}`];
  for (const { id, hash } of inFlight) {
    const progress = PartialState.progress(outDir, id, hash);
    if (!progress || (progress.probes.length === 0 && Object.keys(progress.points).length === 0)) {
      lines.push(`  ${id}: no grid point finished yet (a rerun starts it again; trained weights are reused if its training had finished)`);
      continue;
    }
    const parts = [
      ...(progress.probes.length ? [`finished probes ${progress.probes.join(', ')}`] : []),
      ...Object.entries(progress.points).map(([grid, n]) => `${n} point(s) of ${grid}`),
    ];
    lines.push(`  ${id}: kept ${parts.join('; ')} in ${PartialState.fileFor(outDir, id, hash)}`);
  }
  lines.push('Run the same command again to resume.');
  return lines.join('\n');
}
