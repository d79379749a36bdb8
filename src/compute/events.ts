/**
 * Let Node's event loop run (signal handlers, worker IPC) from inside long compute loops.
 *
 * Why: on the wasm and cpu backends every kernel runs synchronously, so the compute loops only ever await promises
 * that are already resolved. Node then never gets back to its event loop during a run, and a SIGINT handler never
 * runs: Ctrl-C was ignored until the run had finished (measured: a SIGINT sent 30 s into a 55 s training changed
 * nothing, and the run exited 0). Loops call this once per step; it yields to the event loop at most every
 * YIELD_MS, which costs a few microseconds each time.
 */
const YIELD_MS = 50;
let last = 0;

export async function yieldToEvents(): Promise<void> {
  const now = performance.now();
  if (now - last < YIELD_MS) return;
  last = now;
  await new Promise<void>((resolve) => setImmediate(resolve));
}
