/**
 * One reporter interface for long-running work: a live bar with ETA on a terminal, a line per 10 % in logs (CI).
 */
export interface Reporter {
  /** Start a task of `total` units; returns a function to report `done` units so far. */
  task(label: string, total: number): (done: number) => void;
  log(line: string): void;
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(0)}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** `tty` false forces log-style progress (a line per 10 %); `prefix` starts every line (a worker's "[job 2] "). */
export function terminalReporter(stream: NodeJS.WriteStream = process.stderr, { tty = Boolean(stream.isTTY), prefix = '' }: { tty?: boolean; prefix?: string } = {}): Reporter {
  return {
    log(line) {
      if (tty) stream.write('\r\x1b[K');
      stream.write(prefix + line + '\n');
    },
    task(label, total) {
      const start = performance.now();
      let lastDecile = -1;
      let lastDraw = 0;
      return (done) => {
        const elapsed = (performance.now() - start) / 1000;
        const frac = total > 0 ? Math.min(done / total, 1) : 1;
        const eta = frac > 0 ? (elapsed / frac) * (1 - frac) : Infinity;
        const text = `${label} ${done}/${total} (${(frac * 100).toFixed(0)}%) elapsed ${formatSeconds(elapsed)} eta ${formatSeconds(eta)}`;
        if (tty) {
          const now = performance.now();
          if (now - lastDraw < 100 && done < total) return;
          lastDraw = now;
          const width = 24;
          const filled = Math.round(frac * width);
          stream.write(`\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}`);
          if (done >= total) stream.write('\n');
        } else {
          const decile = Math.floor(frac * 10);
          if (decile > lastDecile) {
            lastDecile = decile;
            stream.write(prefix + text + '\n');
          }
        }
      };
    },
  };
}
