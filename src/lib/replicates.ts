/**
 * Reading replicates for the claims: the Inputs view of the stored results (loads once, excludes diverged runs, notes
 * what is missing or not converged) and the effects built from them (differences paired by seed, or single values).
 */
import { trainingsOf, type Load } from './findings.js';
import { formatInterval } from './claims-format.js';
import { runStatus, type Artifact, type ExperimentResult } from './schema.js';
import { interval, pairedDifference, welchDifference } from './stats.js';
import { effectStatus, verdictOf, type Claim, type Effect, type Interval, type Unit } from './verdict.js';

/** A named measurement of one result; throws NotAvailable (or returns null) when the result lacks what it needs. */
export interface Measure {
  what: string;
  of: (r: ExperimentResult) => number | null;
}

export class NotAvailable extends Error {}

export function artifact<K extends Artifact['kind']>(r: ExperimentResult, kind: K, id: string): Extract<Artifact, { kind: K }> {
  const a = r.artifacts.find((x) => x.kind === kind && x.id === id);
  if (!a) throw new NotAvailable(`no ${kind} artifact '${id}'`);
  return a as Extract<Artifact, { kind: K }>;
}

const isSchemaError = (e: unknown) => e instanceof Error && e.name === 'SchemaError';

const list = (xs: Iterable<string>) => [...xs].join(', ');

/**
 * The claim's view of the data: loads results once, excludes diverged runs, and remembers what was missing or not
 * converged so the claim can say so in its notes.
 */
export class Inputs {
  private cache = new Map<string, ExperimentResult | null>();
  private missing = new Set<string>();
  private diverged = new Set<string>();
  private notConverged = new Set<string>();
  private unavailable = new Set<string>();
  readonly notes: string[] = [];

  constructor(private load: Load) {}

  result(id: string): ExperimentResult | null {
    if (this.cache.has(id)) return this.cache.get(id)!;
    let r: ExperimentResult | null = null;
    try {
      r = this.load(id);
    } catch (e) {
      if (isSchemaError(e)) throw e;
      this.missing.add(id);
    }
    if (r) {
      const trainings = trainingsOf(r);
      const name = (t: { id: string }) => (trainings.length > 1 ? `${id} (${t.id})` : id);
      for (const t of trainings) {
        if (t.diverged) this.diverged.add(name(t));
        else if (t.convergence && !t.convergence.met) this.notConverged.add(name(t));
      }
      // A result marked diverged may hold no training flagged so (or no training at all): still excluded, and named.
      if (runStatus(r).state === 'diverged' && !trainings.some((t) => t.diverged)) this.diverged.add(id);
    }
    this.cache.set(id, r);
    return r;
  }

  /** The measure on one result; null (and remembered) when the result is missing, diverged, or lacks the value. */
  value(id: string, m: Measure): number | null {
    const r = this.result(id);
    if (!r || runStatus(r).state === 'diverged' || trainingsOf(r).some((t) => t.diverged)) return null;
    let v: number | null;
    try {
      v = m.of(r);
    } catch (e) {
      if (!(e instanceof NotAvailable)) throw e;
      this.unavailable.add(`${id}: ${e.message}`);
      return null;
    }
    if (v === null || !Number.isFinite(v)) {
      this.unavailable.add(`${id}: ${m.what}`);
      return null;
    }
    return v;
  }

  /** The measure on each replicate: seed → value, for the seeds where it exists. */
  values(idOf: (seed: number) => string, seeds: readonly number[], m: Measure): Map<number, number> {
    const out = new Map<number, number>();
    for (const s of seeds) {
      const v = this.value(idOf(s), m);
      if (v !== null) out.set(s, v);
    }
    return out;
  }

  allNotes(effects: Effect[]): string[] {
    const notes: string[] = [];
    if (this.missing.size) notes.push(`Missing results (${this.missing.size}): ${list(this.missing)}.`);
    if (this.diverged.size) notes.push(`Diverged, excluded (${this.diverged.size}): ${list(this.diverged)}.`);
    if (this.notConverged.size) {
      notes.push(`Did not meet their convergence criterion (${this.notConverged.size}), included: ${list(this.notConverged)}.`);
    }
    if (this.unavailable.size) notes.push(`Values not available (${this.unavailable.size}): ${list(this.unavailable)}.`);
    const deciding = effects.filter((e) => e.paperSign !== 0);
    const noData = deciding.filter((e) => e.difference === null);
    if (noData.length) notes.push(`No data for: ${noData.map((e) => e.label).join('; ')}.`);
    const one = deciding.filter((e) => e.difference !== null && e.difference.n < 2);
    if (one.length) notes.push(`One replicate only, so no interval and no decision: ${one.map((e) => e.label).join('; ')}.`);
    const few = deciding.filter((e) => e.difference !== null && e.difference.n >= 2 && e.difference.n < 3);
    if (few.length) notes.push(`Fewer than 3 replicates: ${few.map((e) => `${e.label} (n=${e.difference!.n})`).join('; ')}.`);
    return [...notes, ...this.notes];
  }
}

// ─── Effects ───────────────────────────────────────────────────────────────────────────────────────────────────────

export interface EffectSpec {
  key: string;
  label: string;
  unit: Unit;
  paperSign: 1 | -1 | 0;
}

export function effect(spec: EffectSpec, difference: Interval | null, a?: Effect['a'], b?: Effect['b']): Effect {
  return { ...spec, ...(a ? { a } : {}), ...(b ? { b } : {}), difference, status: effectStatus(spec.paperSign, difference) };
}

const sortedSeeds = (m: Map<number, number>) => [...m.keys()].sort((x, y) => x - y);

/**
 * a − b over replicates: paired by seed when both sides have the same seeds, Welch's unpaired interval when they
 * differ (a replicate missing or diverged on one side; noted). `transform` maps each value before differencing
 * (Math.log for a log ratio); `a` and `b` are reported untransformed.
 */
export function compare(
  inputs: Inputs,
  spec: EffectSpec,
  a: { label: string; values: Map<number, number> },
  b: { label: string; values: Map<number, number> },
  transform: (v: number) => number = (v) => v,
): Effect {
  if (a.values.size === 0 || b.values.size === 0) return effect(spec, null);
  const sa = sortedSeeds(a.values);
  const sb = sortedSeeds(b.values);
  const side = (label: string, m: Map<number, number>, seeds: number[]) => ({ label, value: interval(seeds.map((s) => m.get(s)!)) });
  const va = sa.map((s) => transform(a.values.get(s)!));
  const vb = sb.map((s) => transform(b.values.get(s)!));
  let difference: Interval;
  if (sa.length === sb.length && sa.every((s, i) => s === sb[i])) {
    difference = pairedDifference(va, vb);
  } else {
    difference = welchDifference(va, vb);
    inputs.notes.push(`${spec.label}: unpaired (Welch) interval, the replicates differ (${a.label}: seeds ${sa.join(', ')}; ${b.label}: seeds ${sb.join(', ')}).`);
  }
  return effect(spec, difference, side(a.label, a.values, sa), side(b.label, b.values, sb));
}

/**
 * A single replicate by design (n = 1, so reported, never deciding): a − b, or with no b the value a itself (then the
 * effect has `a` and no `b`).
 */
export function single(spec: EffectSpec, a: { label: string; value: number | null }, b?: { label: string; value: number | null }): Effect {
  const one = (v: number): Interval => ({ mean: v, lo: v, hi: v, n: 1 });
  if (a.value === null || (b && b.value === null)) return effect(spec, null);
  const d = b ? a.value - b.value! : a.value;
  return effect(spec, one(d), { label: a.label, value: one(a.value) }, b ? { label: b.label, value: one(b.value!) } : undefined);
}

export const fmtEffect = (e: Effect | undefined) => (e?.difference ? formatInterval(e.difference, e.unit, true) : 'no data');

export function claim(inputs: Inputs, id: string, paper: string, effects: Effect[], summary: string, extraNotes: string[] = []): Claim {
  return { id, paper, verdict: verdictOf(effects), summary, effects, notes: [...inputs.allNotes(effects), ...extraNotes] };
}
