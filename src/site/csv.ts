/** Artifacts as CSV tables (one row per sample), for the per-figure data downloads. Pure functions. */
import { METRICS, type Artifact } from '../lib/schema';

const cell = (v: unknown) => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\n') + '\n';
}

export function artifactCsv(a: Artifact): string {
  switch (a.kind) {
    case 'surface2d': {
      const rows: unknown[][] = [];
      a.y.forEach((b, j) => a.x.forEach((al, i) => rows.push([al, b, ...METRICS.map((m) => a.metrics[m][j * a.x.length + i])])));
      return toCsv(['alpha', 'beta', ...METRICS], rows);
    }
    case 'curve1d':
      return toCsv(['alpha', ...METRICS], a.x.map((al, i) => [al, ...METRICS.map((m) => a.metrics[m][i])]));
    case 'training':
      return toCsv(['epoch', 'lr', 'trainLoss', 'trainAccuracy', 'testLoss', 'testAccuracy', 'seconds'], a.epochs.map((e) => [e.epoch, e.lr, e.trainLoss, e.trainAccuracy, e.testLoss, e.testAccuracy, e.seconds]));
    case 'trajectory':
      return toCsv(['step', 'pc1', 'pc2'], a.step.map((s, k) => [s, a.x[k], a.y[k]]));
    case 'convexity': {
      const rows: unknown[][] = [];
      a.y.forEach((b, j) => a.x.forEach((al, i) => { const k = j * a.x.length + i; rows.push([al, b, a.lambdaMin[k], a.lambdaMax[k], a.ratio[k]]); }));
      return toCsv(['alpha', 'beta', 'lambdaMin', 'lambdaMax', 'ratio'], rows);
    }
    case 'histogram':
      return toCsv(['binStart', 'binEnd', 'count'], a.counts.map((c, k) => [a.edges[k], a.edges[k + 1], c]));
    case 'scalars':
      return toCsv(['name', 'value'], Object.entries(a.values));
  }
}
