/** Number formats shared by static and interactive figures, so both print the same digits. */
export const formatCoord = (v: number) => (Math.abs(v) < 1e-9 ? '0' : v.toFixed(2));
export const formatLoss = (v: number | null) => (v === null ? 'n/a' : v < 10 ? v.toFixed(3) : v.toPrecision(3));
export const formatPercent = (v: number | null) => (v === null ? 'n/a' : `${(100 * v).toFixed(1)}%`);
