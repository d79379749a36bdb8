/**
 * How a claim of the paper is judged from the data: the types every claim returns and the one verdict rule, written
 * once here and quoted by the article (RULE) in plain words.
 *
 * A claim rests on effects: differences between configurations (large − small batch test error, say), each a mean
 * over seeds with a 95 % interval. An effect the paper predicts has a sign (+1 or −1); an effect with sign 0 is
 * reported for context only and never decides a verdict.
 */

/** A mean over replicates with its 95 % t-interval (lo = hi = mean when n = 1: no interval). */
export interface Interval {
  mean: number;
  lo: number;
  hi: number;
  /** Number of replicates. */
  n: number;
}

export type Unit = 'percent' | 'loss' | 'ratio' | 'fraction' | 'number';

export interface Effect {
  /** Stable key, e.g. 'sgd.testError'. */
  key: string;
  /** What is compared, in words: "SGD: test error, batch 2048 − batch 64". */
  label: string;
  unit: Unit;
  /** The paper's predicted sign of `difference`: +1, −1, or 0 (reported only). */
  paperSign: 1 | -1 | 0;
  /** The two compared quantities (a − b = difference), each over seeds; absent for one-sample effects. */
  a?: { label: string; value: Interval };
  b?: { label: string; value: Interval };
  /** a − b (paired by seed where both share seeds), or a one-sample quantity minus a threshold; null: data missing. */
  difference: Interval | null;
  /** Where the interval lies relative to zero, read with paperSign. */
  status: EffectStatus;
}

export type EffectStatus = 'as paper' | 'opposite' | 'unclear' | 'reported';

export type Verdict = 'reproduced' | 'contradicted' | 'inconclusive';

export interface Claim {
  id: string;
  /** The paper's claim, in one sentence. */
  paper: string;
  verdict: Verdict;
  /** One plain-text sentence with the deciding numbers. */
  summary: string;
  effects: Effect[];
  /** Caveats that qualify the verdict (e.g. seeds fewer than planned, training not converged). */
  notes: string[];
}

/** The rule, as the article states it. */
export const RULE =
  'A claim is reproduced only when every effect the paper predicts has the predicted sign with a 95 % interval ' +
  'that excludes zero; contradicted when any such interval excludes zero with the opposite sign; otherwise inconclusive.';

/** Status of one effect: does its 95 % interval exclude zero, and on which side of the paper's prediction? */
export function effectStatus(paperSign: 1 | -1 | 0, difference: Interval | null): EffectStatus {
  if (paperSign === 0) return 'reported';
  if (difference === null || difference.n < 2) return 'unclear';
  if (difference.lo > 0) return paperSign > 0 ? 'as paper' : 'opposite';
  if (difference.hi < 0) return paperSign < 0 ? 'as paper' : 'opposite';
  return 'unclear';
}

/** The verdict rule (RULE): written once, used by every claim. */
export function verdictOf(effects: Effect[]): Verdict {
  const deciding = effects.filter((e) => e.paperSign !== 0);
  if (deciding.some((e) => e.status === 'opposite')) return 'contradicted';
  if (deciding.length > 0 && deciding.every((e) => e.status === 'as paper')) return 'reproduced';
  return 'inconclusive';
}
