/**
 * Sentences the article builds from claims' effects, so that a verdict in the text says exactly what the numbers
 * say: the effect with its interval and n, where the interval lies, and the reading of the paper's central argument
 * (does weight decay flip which solution looks sharper without normalization; does normalization remove the flip).
 * Nothing is rounded towards the paper: an interval that includes zero is reported as undecided.
 */
import { formatInterval, type Claim, type Effect } from '../lib/claims';

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
