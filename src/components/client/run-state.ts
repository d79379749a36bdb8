/**
 * RunExplorer's state as pure functions: which runs exist on the learning-rate × batch-size grid, which one a
 * (lr, bs) setting selects, and how that setting reads from and writes to the URL (?lr=0.1&bs=128), so a view can be
 * shared, and what the readout says about the selected run (its test error, or that it diverged and why). No DOM:
 * unit-tested in test/unit/plots-run-state.test.ts.
 */
import { divergedLabel, type DivergenceNote } from '../../lib/plots/empty';
import { formatLoss, formatParam, formatPercent, formatTick } from '../../lib/format';

export interface RunRef {
  id: string;
  lr: number;
  bs: number;
}

export interface RunAxes {
  lrs: number[];
  bss: number[];
}

export interface RunSetting {
  lr: number;
  bs: number;
}

export function runAxes(runs: RunRef[]): RunAxes {
  const uniq = (vs: number[]) => [...new Set(vs)].sort((a, b) => a - b);
  return { lrs: uniq(runs.map((r) => r.lr)), bss: uniq(runs.map((r) => r.bs)) };
}

/** The run at exactly this setting, or null (the grid may have holes, e.g. a diverged run that was not kept). */
export function findRun(runs: RunRef[], s: RunSetting): RunRef | null {
  return runs.find((r) => r.lr === s.lr && r.bs === s.bs) ?? null;
}

/** Nearest run in log-space of both parameters (both are swept geometrically). */
export function nearestRun(runs: RunRef[], s: RunSetting): RunRef {
  if (runs.length === 0) throw new Error('nearestRun: no runs');
  const d = (r: RunRef) => Math.hypot(Math.log(r.lr / s.lr), Math.log(r.bs / s.bs));
  return runs.reduce((best, r) => (d(r) < d(best) ? r : best));
}

/** A run as the readout describes it: a diverged run has no test error to show, only its divergence. */
export interface ReadoutRun extends RunRef {
  /** The readable name ("SGD, lr 0.1, batch 128"); the id when absent. */
  name?: string;
  testError: number | null;
  diverged?: DivergenceNote | null;
}

/**
 * The explorer's readout in three parts, the middle one set in bold: the test error, or "diverged" followed by its
 * epoch and reason (a diverged run stays selectable and says so, it is never shown as a flat landscape).
 */
export function explorerReadout(run: ReadoutRun, s: RunSetting, exact: boolean): { before: string; strong: string; strongClass: string; after: string } {
  const where = exact
    ? run.name ? `${run.name}: ` : `Run ${run.id}: learning rate ${formatParam(run.lr)}, batch size ${run.bs}, `
    : `No run at learning rate ${formatParam(s.lr)}, batch size ${s.bs}; showing the nearest, ${run.name ?? run.id} (learning rate ${formatParam(run.lr)}, batch size ${run.bs}), `;
  if (run.diverged) return { before: where, strong: 'diverged', strongClass: 'run-diverged', after: `${divergedLabel(run.diverged).slice('diverged'.length)}.` };
  return { before: `${where}test error `, strong: formatPercent(run.testError), strongClass: 'test-error', after: '.' };
}

/** A slider's spoken value: the setting, and "run diverged" when the run it selects diverged. */
export function sliderValueText(value: string, run: ReadoutRun | null): string {
  return run?.diverged ? `${value}, run diverged` : value;
}

/** Snap a value to the closest of the allowed values (log distance); null for a non-positive or non-number input. */
export function snap(values: number[], v: number): number | null {
  if (!Number.isFinite(v) || v <= 0 || values.length === 0) return null;
  return values.reduce((best, x) => (Math.abs(Math.log(x / v)) < Math.abs(Math.log(best / v)) ? x : best));
}

/** Read ?lr=&bs= from a query string, snapped to the grid; missing or invalid values fall back to `fallback`. */
export function parseSetting(search: string, axes: RunAxes, fallback: RunSetting): RunSetting {
  const q = new URLSearchParams(search);
  const lr = q.has('lr') ? snap(axes.lrs, Number(q.get('lr'))) : null;
  const bs = q.has('bs') ? snap(axes.bss, Number(q.get('bs'))) : null;
  return { lr: lr ?? fallback.lr, bs: bs ?? fallback.bs };
}

/** The query string with lr and bs set, other parameters kept (another explorer's, or anything else). */
export function settingToSearch(s: RunSetting, search: string): string {
  const q = new URLSearchParams(search);
  q.set('lr', String(s.lr));
  q.set('bs', String(s.bs));
  return `?${q.toString()}`;
}

/** The p-th percentile (0–100) of samples, nearest-rank: for redraw-time budgets. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** The quantities the overview can color the grid by; each run carries them (null when not measured). */
export const OVERVIEW_METRICS = {
  testError: { label: 'test error', percent: true, darkFor: 'low' },
  trainLoss: { label: 'final train loss', percent: false, darkFor: 'low' },
  lambdaMax: { label: 'sharpness λmax', percent: false, darkFor: 'low' },
  lossRise05: { label: 'loss rise at α = ±0.5', percent: false, darkFor: 'low' },
} as const;
export type OverviewMetric = keyof typeof OVERVIEW_METRICS;

/** An overview quantity as the cells and the table print it: errors in percent, losses as losses, the rest as ticks. */
export function formatOverview(k: OverviewMetric, v: number): string {
  return OVERVIEW_METRICS[k].percent ? formatPercent(v) : k === 'trainLoss' ? formatLoss(v) : formatTick(v);
}

export interface TableRow extends RunRef {
  name: string;
  diverged: boolean;
  values: Record<OverviewMetric, number | null>;
}

export type SortKey = 'lr' | 'bs' | OverviewMetric;

/**
 * Rows sorted by a numeric column (never as text: 32 < 128 < 512 < 2048), ties by learning rate then batch size;
 * runs without the value (diverged, not measured) last in either direction.
 */
export function sortRows<R extends TableRow>(rows: R[], key: SortKey, dir: 'ascending' | 'descending'): R[] {
  const val = (r: R) => (key === 'lr' || key === 'bs' ? r[key] : r.values[key]);
  const sign = dir === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = val(a);
    const vb = val(b);
    if (va === null && vb === null) return a.lr - b.lr || a.bs - b.bs;
    if (va === null) return 1;
    if (vb === null) return -1;
    return sign * (va - vb) || a.lr - b.lr || a.bs - b.bs;
  });
}

/**
 * How much the plotted extent changed between two runs' PCA planes (the larger of the two axes' span ratios, ≥ 1),
 * and which way: the explorer tells the reader when the axes rescale, since the picture alone would not show it.
 */
export function rescale(prev: { x: [number, number]; y: [number, number] } | null, next: { x: [number, number]; y: [number, number] }): { factor: number; direction: 'larger' | 'smaller' } | null {
  if (!prev) return null;
  const span = (e: [number, number]) => e[1] - e[0];
  const rx = span(next.x) / span(prev.x);
  const ry = span(next.y) / span(prev.y);
  const r = Math.abs(Math.log(rx)) >= Math.abs(Math.log(ry)) ? rx : ry;
  const factor = r >= 1 ? r : 1 / r;
  return { factor, direction: r >= 1 ? 'larger' : 'smaller' };
}

/** The cue's text when the axes rescale by 1.5× or more; null otherwise. */
export function rescaleCue(c: ReturnType<typeof rescale>, spans: { pc1: number; pc2: number }): string | null {
  if (!c || c.factor < 1.5) return null;
  return `Axes rescaled: this run's plane is ${c.factor.toFixed(1)}× ${c.direction} (PC1 spans ${+spans.pc1.toPrecision(3)}, PC2 ${+spans.pc2.toPrecision(3)} parameter-space units).`;
}
