/**
 * Sentences the article builds from claims' effects, so that a verdict in the text says exactly what the numbers
 * say: the effect with its interval and n, where the interval lies, and the reading of the paper's central argument
 * (does weight decay flip which solution looks sharper without normalization; does normalization remove the flip).
 * Nothing is rounded towards the paper: an interval that includes zero is reported as undecided.
 */
import { formatInterval, type Claim, type Effect } from '../lib/claims';
import { formatLoss, formatParam } from '../lib/format';
import type { MetricName, Surface2D } from '../lib/schema';

/** "+0.0355 [-0.0179, +0.0889] (n = 2)", "no data". */
export function effectText(e: Effect): string {
  if (!e.difference) return 'no data';
  const single = Boolean(e.a && !e.b);
  return `${formatInterval(e.difference, e.unit, !single)} (n = ${e.difference.n})`;
}

/** Where an effect's 95 % interval lies: above zero, below it, or undecided (includes zero, no data, or n < 2). */
export function intervalSide(e: Effect): 'above' | 'below' | 'undecided' {
  const d = e.difference;
  if (!d || d.n < 2) return 'undecided';
  if (d.lo > 0) return 'above';
  if (d.hi < 0) return 'below';
  return 'undecided';
}

const predicted = (e: Effect) => (e.paperSign > 0 ? 'the paper predicts > 0' : 'the paper predicts < 0');
const item = (e: Effect) => `${e.label}: ${effectText(e)}`;
const itemWithPrediction = (e: Effect) => `${e.label}: ${effectText(e)}, where ${predicted(e)}`;
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One or two plain sentences: the verdict and the deciding numbers behind it. */
export function verdictSentence(c: Claim): string {
  const deciding = c.effects.filter((e) => e.paperSign !== 0);
  if (deciding.length === 0) return 'Verdict: inconclusive. The data hold none of the effects the paper predicts.';
  if (c.verdict === 'reproduced') {
    return `Verdict: reproduced. Every effect the paper predicts has the predicted sign with a 95 % interval that excludes zero (${deciding.map(item).join('; ')}).`;
  }
  if (c.verdict === 'contradicted') {
    const opposite = deciding.filter((e) => e.status === 'opposite');
    const agree = deciding.filter((e) => e.status === 'as paper').length;
    const unclear = deciding.length - opposite.length - agree;
    return (
      `Verdict: contradicted. ${opposite.length === 1 ? 'One effect has' : `${opposite.length} effects have`} a 95 % interval that excludes zero on the side opposite to the paper's prediction (${opposite.map(itemWithPrediction).join('; ')}).` +
      ` Of the other ${count(deciding.length - opposite.length, 'predicted effect', 'predicted effects')}, ${agree} agree${agree === 1 ? 's' : ''} with the paper and ${unclear} ${unclear === 1 ? 'is' : 'are'} undecided.`
    );
  }
  const open = deciding.filter((e) => e.status !== 'as paper');
  const agree = deciding.length - open.length;
  return (
    `Verdict: inconclusive. ${open.length} of the ${count(deciding.length, 'effect', 'effects')} the paper predicts ${open.length === 1 ? 'has' : 'have'} a 95 % interval that includes zero, or too few replicates for one (${open.map(itemWithPrediction).join('; ')})` +
    (agree ? `; the other ${agree} ${agree === 1 ? 'has' : 'have'} the predicted sign.` : '.')
  );
}

/** Which of the two compared solutions an effect (a − b of a loss rise) finds sharper, or null when undecided. */
function sharper(e: Effect): string | null {
  const side = intervalSide(e);
  if (side === 'undecided') return null;
  return (side === 'above' ? e.a?.label : e.b?.label) ?? (side === 'above' ? 'a' : 'b');
}

/**
 * The paper's Figs. 2–4 argument read from two pairs of effects (a − b loss rises, without and with weight decay):
 * along unnormalized directions, does weight decay flip which solution looks sharper; along filter-normalized ones,
 * is the flip gone? Returns two sentences (unnormalized, normalized).
 */
export function flipReading(unnormalized: [Effect, Effect], normalized: [Effect, Effect]): { unnormalized: string; normalized: string } {
  const [u0, u1] = unnormalized.map(sharper);
  const [n0, n1] = normalized.map(sharper);
  let u: string;
  let flip: boolean | null;
  if (u0 === null || u1 === null) {
    flip = null;
    u = 'At least one of these intervals includes zero (or rests on fewer than two replicates), so the data cannot say whether weight decay flips which solution looks sharper along unnormalized directions.';
  } else if (u0 !== u1) {
    flip = true;
    u = `Both intervals exclude zero with opposite signs: weight decay flips which solution looks sharper along unnormalized directions (the ${u0} solution without it, the ${u1} one with it), as the paper reports.`;
  } else {
    flip = false;
    u = `Both intervals exclude zero with the same sign: the ${u0} solution looks sharper with and without weight decay, so weight decay does not flip the comparison here, unlike in the paper.`;
  }
  let n: string;
  if (n0 === null || n1 === null) {
    n = 'At least one of these intervals includes zero (or rests on fewer than two replicates), so the data cannot say which solution is sharper along filter-normalized directions' + (flip ? ', nor whether normalization removes the flip.' : '.');
  } else if (n0 !== n1) {
    n = `Both intervals exclude zero with opposite signs: even along filter-normalized directions the sharper solution changes with weight decay${flip ? ', so normalization does not remove the flip' : ''}.`;
  } else {
    n = `Both intervals exclude zero with the same sign: along filter-normalized directions the ${n0} solution is the sharper one with and without weight decay${flip ? ', so normalization removes the flip, as the paper reports' : flip === false ? ' (there was no flip to remove)' : ''}.`;
  }
  return { unnormalized: u, normalized: n };
}

/** A grid point of a surface and its value. */
export interface GridPoint {
  alpha: number;
  beta: number;
  value: number;
}

const at = (s: Surface2D, metric: MetricName, i: number, j: number): GridPoint | null => {
  const v = s.metrics[metric][j * s.x.length + i];
  return v === null || !Number.isFinite(v) ? null : { alpha: s.x[i], beta: s.y[j], value: v };
};

/** The finite values at the four corners of a surface's grid (a non-finite corner is left out). */
export function surfaceCorners(s: Surface2D, metric: MetricName = 'trainLoss'): GridPoint[] {
  const [nx, ny] = [s.x.length, s.y.length];
  return [at(s, metric, 0, 0), at(s, metric, nx - 1, 0), at(s, metric, 0, ny - 1), at(s, metric, nx - 1, ny - 1)].filter((p): p is GridPoint => p !== null);
}

/** The grid point with the largest finite value (the first one on a tie); null when there is none. */
export function surfaceMaximum(s: Surface2D, metric: MetricName = 'trainLoss'): GridPoint | null {
  let best: GridPoint | null = null;
  for (let j = 0; j < s.y.length; j++) for (let i = 0; i < s.x.length; i++) {
    const p = at(s, metric, i, j);
    if (p && (!best || p.value > best.value)) best = p;
  }
  return best;
}

const point = (p: GridPoint) => `(α, β) = (${formatParam(p.alpha)}, ${formatParam(p.beta)})`;
const range = (axis: number[]) => `[${formatParam(axis[0])}, ${formatParam(axis[axis.length - 1])}]`;

/**
 * What the loss does at the corners of a surface's box, read from the grid, e.g. "at the corners of the [-1, 1]²
 * box, one filter-norm away along both directions, it rises to between 2.010 and 3.707, highest at (α, β) = (-1, -1)"
 * — never "at the corners it rises to <the grid's maximum>", which names one corner's value for all four (and the
 * grid's maximum need not be at a corner: when it is not, the sentence says where it is). `centre` is the value
 * the sentence compares with ("rises" only when every corner is above it).
 */
export function cornerText(s: Surface2D, centre: number | null, metric: MetricName = 'trainLoss', fmt: (v: number) => string = formatLoss): string {
  const corners = surfaceCorners(s, metric);
  const square = range(s.x) === range(s.y);
  const box = square ? `${range(s.x)}²` : `${range(s.x)} × ${range(s.y)}`;
  const unit = square && s.directions.normalization === 'filter' && Math.abs(s.x[0]) === 1 && Math.abs(s.x[s.x.length - 1]) === 1 ? ', one filter-norm away along both directions' : '';
  const where = `at the corners of the ${box} box${unit}`;
  if (corners.length === 0) return `${where}, it has no finite value`;
  const values = corners.map((c) => c.value);
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  const top = corners.find((c) => c.value === hi)!;
  const verb = centre !== null && lo > centre ? 'rises to' : 'is';
  const partial = corners.length < 4 ? ` (${corners.length} of the 4 corners are finite)` : '';
  const spread = lo === hi ? `${verb} ${fmt(hi)} at every corner${partial}` : `${verb} between ${fmt(lo)} and ${fmt(hi)}${partial}, highest at ${point(top)}`;
  const max = surfaceMaximum(s, metric);
  const elsewhere = max && max.value > hi ? `; the highest value on the grid, ${fmt(max.value)}, is at ${point(max)}` : '';
  return `${where}, it ${spread}${elsewhere}`;
}
