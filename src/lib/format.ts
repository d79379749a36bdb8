/** Number formats shared by static and interactive figures, so both print the same digits. */
export const formatCoord = (v: number) => (Math.abs(v) < 1e-9 ? '0' : v.toFixed(2));
export const formatLoss = (v: number | null) => (v === null ? 'n/a' : v < 10 ? v.toFixed(3) : v.toPrecision(3));
export const formatPercent = (v: number | null) => (v === null ? 'n/a' : `${(100 * v).toFixed(1)}%`);

/** A tick label: at most 3 significant digits, no trailing zeros, exponent form for very small or large values. */
export function formatTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(0).replace('e+', 'e');
  return String(+v.toPrecision(3));
}

/** "PC1 (87.3%)": an axis of a PCA plane with the share of variance it explains. */
export const formatComponent = (index: number, explained: number) => `PC${index} (${(100 * explained).toFixed(1)}%)`;

/** A learning rate or other hyperparameter as written in a config ("0.1", "0.003", "1e-4"). */
export function formatParam(v: number): string {
  return Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential().replace('e+', 'e') : String(+v.toPrecision(6));
}

/** Any metric by name: losses with formatLoss, accuracies and errors in percent. */
export function formatMetric(name: string, v: number | null): string {
  return /accuracy|error/i.test(name) ? formatPercent(v) : formatLoss(v);
}
