/**
 * The training protocol as the data record it, for the article's methods text and its convergence table: which
 * configurations were trained over how many replicates, the learning-rate schedule (read from each epoch's rate),
 * the images behind the test accuracies, whether each training met its convergence criterion (stated by the
 * artifacts), and which configurations reached the accuracy targets. Nothing here is typed in from the suite's config.
 */
import { BATCH_RUNS, ids, type Design } from '../lib/design';
import { trainingsOf } from '../lib/findings';
import { interval } from '../lib/stats';
import type { Interval } from '../lib/verdict';
import type { ExperimentResult, TrainingHistory } from '../lib/schema';
import { divergedLabel } from '../lib/plots/empty';
import { divergenceOf } from './run-status';

/**
 * Test accuracy a configuration should reach to count as well trained: the review's targets for Fashion-MNIST
 * (two-layer MLPs about 89 %, small conv nets about 90 %). The article reports which configurations reach them.
 */
export const ACCURACY_TARGETS = { mlp: 0.89, conv: 0.9 } as const;
export type Family = keyof typeof ACCURACY_TARGETS;

/** Test-set sizes of the data sets the suite uses, to say whether a test accuracy is over the whole test set. */
export const TEST_SET_SIZES: Record<string, number> = { 'Fashion-MNIST': 10000, 'CIFAR-10': 10000 };

export interface Configuration {
  key: string;
  label: string;
  family: Family;
  group: string;
  /** Experiment id of each planned replicate, in replicate order. */
  ids: string[];
}

/** Every configuration a claim compares, grouped as the article's sections are, with its replicates' ids. */
export function configurations(d: Design): Configuration[] {
  return [
    ...BATCH_RUNS.map((r) => ({ key: `batch-${r.key}`, label: r.label, family: 'mlp' as const, group: 'Sharpness: batch size, weight decay, optimizer', ids: d.seeds.map((s) => ids.batch(r.key, s)) })),
    ...d.depths.flatMap((depth) =>
      [true, false].map((skip) => ({ key: `resnet${depth}-${skip ? 'skip' : 'noskip'}`, label: `ResNet-${depth} ${skip ? 'with' : 'without'} skips`, family: 'conv' as const, group: 'Depth and skip connections', ids: d.convSeeds.map((s) => ids.resnet(depth, skip, s)) })),
    ),
    ...d.widths.map((w) => ({ key: `width-${w}`, label: `MLP, 2 × ${w} hidden units`, family: 'mlp' as const, group: 'Width', ids: d.seeds.map((s) => ids.width(w, s)) })),
  ];
}

export interface ConfigurationRow extends Configuration {
  planned: number;
  /** Replicates whose result exists. */
  found: number;
  diverged: number;
  /** The diverged replicates, each with what the table says about it ("diverged at epoch 3: train loss NaN"). */
  divergedRuns: Array<{ id: string; note: string }>;
  /** Replicates that met their convergence criterion (of those that record one). */
  met: number;
  recorded: number;
  /** Final test accuracy over the found, not diverged replicates: mean with its 95 % t-interval. */
  testAccuracy: Interval | null;
  target: number;
  /** Replicates whose final test accuracy reached the target. */
  reachedTarget: number;
  /** Test images behind the final accuracies (one value when all replicates agree). */
  testImages: number[];
  epochs: number[];
}

const history = (r: ExperimentResult): TrainingHistory | undefined => trainingsOf(r)[0];
const uniq = <T,>(xs: T[]) => [...new Set(xs)];

/**
 * Why a replicate counts as diverged, or null: its status (the compute step's reason), else a training flagged
 * diverged in a result written before statuses were recorded (its divergence record, when it has one).
 */
export function divergedNote(r: ExperimentResult): string | null {
  const d = divergenceOf(r);
  if (d) return divergedLabel(d);
  const h = trainingsOf(r).find((t) => t.diverged);
  if (!h) return null;
  return h.divergence ? divergedLabel(h.divergence) : 'diverged';
}

export function configurationRow(c: Configuration, load: (id: string) => ExperimentResult | null): ConfigurationRow {
  const results = c.ids.map(load).filter((r): r is ExperimentResult => r !== null);
  const divergedRuns = results.flatMap((r) => {
    const note = divergedNote(r);
    return note === null ? [] : [{ id: r.id, note }];
  });
  // A diverged result may hold nothing but its training history (or not even that): it counts, never crashes.
  const histories = results.map(history).filter((h): h is TrainingHistory => h !== undefined);
  const ok = results.filter((r) => divergedNote(r) === null).map(history).filter((h): h is TrainingHistory => h !== undefined && h.epochs.length > 0);
  const acc = ok.map((h) => h.epochs[h.epochs.length - 1].testAccuracy);
  const target = ACCURACY_TARGETS[c.family];
  return {
    ...c,
    planned: c.ids.length,
    found: results.length,
    diverged: divergedRuns.length,
    divergedRuns,
    met: histories.filter((h) => h.convergence?.met).length,
    recorded: histories.filter((h) => h.convergence).length,
    testAccuracy: acc.length ? interval(acc) : null,
    target,
    reachedTarget: acc.filter((a) => a >= target).length,
    testImages: uniq(histories.map((h) => h.evaluated?.test).filter((n): n is number => n !== undefined)),
    epochs: uniq(results.map((r) => r.trainings[0]?.epochs).filter((n): n is number => n !== undefined)),
  };
}

export function configurationRows(d: Design, load: (id: string) => ExperimentResult | null): ConfigurationRow[] {
  return configurations(d).map((c) => configurationRow(c, load));
}

/** The convergence criteria the trainings state (normally one sentence). */
export function criteria(results: ExperimentResult[]): string[] {
  return uniq(results.flatMap((r) => trainingsOf(r).map((h) => h.convergence?.criterion)).filter((s): s is string => s !== undefined));
}

export interface Schedule {
  epochs: number;
  /** The rate is multiplied by `factor` after epoch `after` (1-based). */
  drops: Array<{ after: number; factor: number }>;
}

/** The learning-rate schedule a training history followed, read from each epoch's rate. */
export function scheduleOf(h: TrainingHistory): Schedule {
  const drops: Schedule['drops'] = [];
  for (let k = 1; k < h.epochs.length; k++) {
    const prev = h.epochs[k - 1].lr;
    const cur = h.epochs[k].lr;
    if (cur !== prev && prev > 0) drops.push({ after: h.epochs[k - 1].epoch, factor: cur / prev });
  }
  return { epochs: h.epochs.length, drops };
}

const list = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);
const pct = (v: number) => `${+(100 * v).toFixed(0)} %`;

/** "×0.1 after epochs 10 and 15 of 20 (at 50 % and 75 % of training)", or "constant over 20 epochs". */
export function scheduleText(s: Schedule): string {
  if (s.drops.length === 0) return `constant over ${s.epochs} epoch${s.epochs === 1 ? '' : 's'}`;
  const factors = uniq(s.drops.map((d) => +d.factor.toPrecision(2)));
  const f = factors.length === 1 ? `×${factors[0]}` : `by ${list(factors.map((x) => `×${x}`))}`;
  const after = s.drops.map((d) => String(d.after));
  return `${f} after epoch${after.length > 1 ? 's' : ''} ${list(after)} of ${s.epochs} (at ${list(s.drops.map((d) => pct(d.after / s.epochs)))} of training)`;
}

/** "10,000 test images, the whole test set" or "500 test images (of the 10,000 in the test set)". */
export function testImagesText(n: number, dataset: string): string {
  const full = TEST_SET_SIZES[dataset];
  const count = `${n.toLocaleString('en')} test images`;
  if (full === undefined) return count;
  return n >= full ? `${count}, the whole ${dataset} test set` : `${count} (of the ${full.toLocaleString('en')} in the ${dataset} test set)`;
}

/**
 * A test accuracy "mean [lo, hi]" in percent with two decimals: one decimal would print 88.95 % as "89.0%" next to a
 * target of 89 % it did not reach.
 */
export function formatAccuracy(iv: Interval): string {
  const p = (v: number) => (100 * v).toFixed(2);
  return iv.n < 2 ? `${p(iv.mean)}%` : `${p(iv.mean)}% [${p(iv.lo)}, ${p(iv.hi)}]`;
}

/** A list in words: "a", "a and b", "a, b and c". */
export const inWords = list;
