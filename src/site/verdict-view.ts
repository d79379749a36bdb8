/**
 * What a verdict box shows, as plain data: the badge (three tones), the summary, one row per effect with its numbers
 * formatted, the notes and the rule. Pure, so the box's content is unit-tested without rendering Astro; Verdict.astro
 * and ClaimsSummary.astro only lay it out.
 */
import { RULE, formatInterval, type Claim, type Effect, type EffectStatus, type Verdict } from '../lib/claims';

export const VERDICT_BADGE: Record<Verdict, string> = {
  reproduced: 'Reproduced',
  contradicted: 'Contradicted',
  inconclusive: 'Inconclusive',
};

/** The status column's words (short; the table's caption says what each means). */
export const STATUS_TEXT: Record<EffectStatus, string> = {
  'as paper': 'as paper',
  opposite: 'opposite',
  unclear: 'unclear',
  reported: 'reported',
};

/** What each status means, for the caption and for a screen reader's title. */
export const STATUS_MEANING: Record<EffectStatus, string> = {
  'as paper': 'the 95 % interval excludes zero on the side the paper predicts',
  opposite: 'the 95 % interval excludes zero on the side opposite to the paper',
  unclear: 'the 95 % interval includes zero, or there are too few replicates for one',
  reported: 'the paper predicts no sign here: context only, never deciding',
};

export interface Side {
  label: string;
  value: string;
}

export interface EffectRow {
  key: string;
  label: string;
  /** The paper predicts this effect's sign, so it decides the verdict. */
  deciding: boolean;
  a: Side | null;
  b: Side | null;
  /** a − b (or the one-sample quantity) with its interval; "no data" when missing. */
  difference: string;
  /** Replicates behind the difference (0: no data). */
  n: number;
  status: EffectStatus;
  statusText: string;
}

export interface VerdictView {
  id: string;
  anchor: string;
  verdict: Verdict;
  badge: string;
  paper: string;
  summary: string;
  /** Deciding effects first, then the reported ones, each group in the claim's order. */
  rows: EffectRow[];
  notes: string[];
  rule: string;
}

/** An effect with `a` and no `b` is one measured value (difference = a): it prints unsigned, as a value. */
const isSingleValue = (e: Effect) => Boolean(e.a && !e.b);

/** Rewrites run ids in a text into readable names (src/site/run-names.ts nameRunsIn); identity by default. */
export type RunNamer = (text: string) => string;
const asIs: RunNamer = (t) => t;

export function effectRow(e: Effect, names: RunNamer = asIs): EffectRow {
  const side = (s: Effect['a']): Side | null => (s ? { label: names(s.label), value: formatInterval(s.value, e.unit) } : null);
  return {
    key: e.key,
    label: names(e.label),
    deciding: e.paperSign !== 0,
    a: side(e.a),
    b: side(e.b),
    difference: e.difference ? formatInterval(e.difference, e.unit, !isSingleValue(e)) : 'no data',
    n: e.difference?.n ?? 0,
    status: e.status,
    statusText: STATUS_TEXT[e.status],
  };
}

/**
 * The box's content. `names` turns run ids in the claim's texts (its notes list the runs that diverged or did not
 * converge by id) into the names a reader knows them by; the claim itself keeps ids, which the findings CLI prints.
 */
export function verdictView(claim: Claim, names: RunNamer = asIs): VerdictView {
  const rows = claim.effects.map((e) => effectRow(e, names));
  return {
    id: claim.id,
    anchor: `claim-${claim.id}`,
    verdict: claim.verdict,
    badge: VERDICT_BADGE[claim.verdict],
    paper: claim.paper,
    summary: names(claim.summary),
    rows: [...rows.filter((r) => r.deciding), ...rows.filter((r) => !r.deciding)],
    notes: claim.notes.map(names),
    rule: RULE,
  };
}
