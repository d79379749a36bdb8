/**
 * Semantic checks of a result that already parsed structurally (schema.ts): values a figure would draw as nonsense
 * ("test error −400.0 %") are refused here, on write and on read, with a SchemaError naming file, field and rule.
 * Pure (no Node or DOM imports): shared by the compute step and the site.
 *
 * The rules, all of them (each check below repeats its rule in a comment):
 *  1. A label that is a result file (ends in .json) is named `${id}.json`: one experiment's content under another's
 *     name would be drawn as the other.
 *  2. Losses (trainLoss, testLoss: surfaces, curves, training epochs) are ≥ 0 or null; cross-entropy cannot be negative.
 *  3. Accuracies (trainAccuracy, testAccuracy, everywhere) are in [0, 1] (or null where the schema allows it).
 *  4. A surface2d or curve1d has at least one non-null train loss: an all-null one draws an empty plot.
 *  5. Axes are strictly increasing: surface2d x and y, convexity x and y, curve1d x; histogram edges too.
 *  6. Histogram counts are ≥ 0; convexity ratios |λmin/λmax| are ≥ 0 where not null.
 *  7. A trajectory's explained variances are each in [0, 1] and sum to at most 1 (+1e-6 for rounding).
 *  8. Evaluation counts (evaluated.train/test of surfaces, curves, trainings) are ≤ model.trainExamples/testExamples.
 *  9. A training's epochs are numbered 1..n in order; n ≤ its setup's epochs (trainings[k]), and equal unless the
 *     training diverged (it then stops early).
 * 10. A result with status 'diverged' holds a training artifact with diverged: true. (The converse is not required:
 *     results written before statuses were recorded have a diverged training and no status.)
 */
import type { Convexity, Curve1D, ExperimentResult, Histogram, MetricGrid, Surface2D, TrainingHistory, TrainingSetup, Trajectory } from './schema.js';
import { SchemaError } from './validate.js';

type Fail = (field: string, expected: string, got: unknown) => never;

/** Throw a SchemaError for the first rule `result` breaks; `file` names the source (as in validateResult). */
export function checkSemantics(result: ExperimentResult, file: string): void {
  const fail: Fail = (field, expected, got) => {
    throw new SchemaError(file, field, expected, got);
  };
  checkFileName(result, file, fail);
  const { trainExamples, testExamples } = result.model;
  result.artifacts.forEach((a, i) => {
    const at = `artifacts[${i}]`;
    switch (a.kind) {
      case 'surface2d':
      case 'curve1d':
        checkGrid(a, at, fail);
        checkEvaluated(a.evaluated, at, trainExamples, testExamples, fail);
        return;
      case 'training':
        checkTraining(a, at, fail);
        checkSetup(a, at, result.trainings, fail);
        if (a.evaluated) checkEvaluated(a.evaluated, at, trainExamples, testExamples, fail);
        return;
      case 'convexity':
        return checkConvexity(a, at, fail);
      case 'histogram':
        return checkHistogram(a, at, fail);
      case 'trajectory':
        return checkTrajectory(a, at, fail);
      default:
        return; // scalars: signed by nature (λmin, curvature), nothing to bound.
    }
  });
  // Rule 10: a 'diverged' status must be backed by the diverged training it reports.
  if (result.status?.state === 'diverged' && !result.artifacts.some((a) => a.kind === 'training' && a.diverged)) {
    fail('status.state', "'ok', or a training artifact with diverged: true (none has one)", 'diverged');
  }
}

/** The last path segment of a label ('precomputed/x.json' → 'x.json'), for '/' and '\' separators. */
function basename(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

// Rule 1. Labels that are not file names (a test's id, '(inline)') are skipped: only a .json name can lie about its id.
function checkFileName(result: ExperimentResult, file: string, fail: Fail): void {
  const name = basename(file);
  if (!name.endsWith('.json')) return;
  const stem = name.slice(0, -'.json'.length);
  if (stem !== result.id) fail('id', `"${stem}" (the file's name)`, result.id);
}

const LOSSES = ['trainLoss', 'testLoss'] as const;
const ACCURACIES = ['trainAccuracy', 'testAccuracy'] as const;

function checkLoss(v: number | null, field: string, fail: Fail): void {
  // Rule 2: cross-entropy is ≥ 0; null is a non-finite (diverged) value, allowed where the schema allows it.
  if (v !== null && !(v >= 0)) fail(field, 'a loss ≥ 0 (or null)', v);
}

function checkAccuracy(v: number | null, field: string, nullable: boolean, fail: Fail): void {
  // Rule 3: a fraction of examples classified correctly.
  if (v === null ? !nullable : !(v >= 0 && v <= 1)) fail(field, nullable ? 'an accuracy in [0, 1] (or null)' : 'an accuracy in [0, 1]', v);
}

function checkIncreasing(values: number[], field: string, fail: Fail): void {
  // Rule 5: plots and contouring assume sorted coordinates; a reversed axis mirrors the figure silently.
  for (let k = 1; k < values.length; k++) {
    if (!(values[k] > values[k - 1])) fail(`${field}[${k}]`, `a value > ${values[k - 1]} (${field} strictly increasing)`, values[k]);
  }
}

function checkGrid(a: Surface2D | Curve1D, at: string, fail: Fail): void {
  checkIncreasing(a.x, `${at}.x`, fail);
  if (a.kind === 'surface2d') checkIncreasing(a.y, `${at}.y`, fail);
  const m: MetricGrid = a.metrics;
  for (const name of LOSSES) m[name].forEach((v, k) => checkLoss(v, `${at}.metrics.${name}[${k}]`, fail));
  for (const name of ACCURACIES) m[name].forEach((v, k) => checkAccuracy(v, `${at}.metrics.${name}[${k}]`, true, fail));
  // Rule 4: nothing to draw; a diverged run is recorded as such instead.
  if (m.trainLoss.every((v) => v === null)) {
    fail(`${at}.metrics.trainLoss`, "at least one finite value (a diverged run is stored with status 'diverged' and no surfaces)", m.trainLoss);
  }
}

function checkEvaluated(ev: { train: number; test: number }, at: string, trainExamples: number, testExamples: number, fail: Fail): void {
  // Rule 8: a metric cannot average over more examples than the data set has.
  if (ev.train > trainExamples) fail(`${at}.evaluated.train`, `at most ${trainExamples} (model.trainExamples)`, ev.train);
  if (ev.test > testExamples) fail(`${at}.evaluated.test`, `at most ${testExamples} (model.testExamples)`, ev.test);
}

function checkTraining(a: TrainingHistory, at: string, fail: Fail): void {
  a.epochs.forEach((e, k) => {
    const ep = `${at}.epochs[${k}]`;
    // Rule 9: histories are read by position (epoch k + 1 is row k), so gaps or reorderings misplace a schedule.
    if (e.epoch !== k + 1) fail(`${ep}.epoch`, `${k + 1} (epochs numbered 1..n in order)`, e.epoch);
    for (const name of LOSSES) checkLoss(e[name], `${ep}.${name}`, fail);
    for (const name of ACCURACIES) checkAccuracy(e[name], `${ep}.${name}`, false, fail);
  });
}

/**
 * The setup a training artifact ran under: compute names them 'training' (one setup) or 'training-k' (the k-th of
 * several, as an interpolation's two), so the id pairs them. Null when the id does not say which (then all are candidates).
 */
function setupIndex(a: TrainingHistory, trainings: TrainingSetup[]): number | null {
  if (a.id === 'training' && trainings.length === 1) return 0;
  const k = /^training-(\d+)$/.exec(a.id);
  if (k && Number(k[1]) >= 1 && Number(k[1]) <= trainings.length) return Number(k[1]) - 1;
  return null;
}

function checkSetup(a: TrainingHistory, at: string, trainings: TrainingSetup[], fail: Fail): void {
  // Rule 9: a training without a setup has no epoch count to be checked against (nor to be described by).
  if (trainings.length === 0) fail('trainings', `a training setup for ${at} (${a.id})`, trainings);
  const n = a.epochs.length;
  const k = setupIndex(a, trainings);
  if (k !== null) {
    const planned = trainings[k].epochs;
    if (n > planned || (n < planned && !a.diverged)) {
      fail(`${at}.epochs`, `${a.diverged ? 'at most ' : ''}${planned} epochs (trainings[${k}].epochs${a.diverged ? '' : '; fewer only if diverged'})`, a.epochs);
    }
    return;
  }
  // Unpaired: at most the longest setup, and (unless diverged) exactly one of the setups' lengths.
  const counts = trainings.map((t) => t.epochs);
  const max = Math.max(...counts);
  if (n > max) fail(`${at}.epochs`, `at most ${max} epochs (the longest of trainings[].epochs)`, a.epochs);
  if (!a.diverged && !counts.includes(n)) fail(`${at}.epochs`, `${[...new Set(counts)].join(' or ')} epochs (trainings[].epochs; fewer only if diverged)`, a.epochs);
}

function checkConvexity(a: Convexity, at: string, fail: Fail): void {
  checkIncreasing(a.x, `${at}.x`, fail);
  checkIncreasing(a.y, `${at}.y`, fail);
  // Rule 6: |λmin/λmax| is an absolute value.
  a.ratio.forEach((v, k) => {
    if (v !== null && !(v >= 0)) fail(`${at}.ratio[${k}]`, 'a ratio |λmin/λmax| ≥ 0 (or null)', v);
  });
}

function checkHistogram(a: Histogram, at: string, fail: Fail): void {
  checkIncreasing(a.edges, `${at}.edges`, fail);
  // Rule 6: a bin holds a non-negative number of values.
  a.counts.forEach((c, k) => {
    if (!(c >= 0)) fail(`${at}.counts[${k}]`, 'a count ≥ 0', c);
  });
}

function checkTrajectory(a: Trajectory, at: string, fail: Fail): void {
  // Rule 7: fractions of one total variance, from orthogonal components.
  a.explainedVariance.forEach((v, k) => {
    if (!(v >= 0 && v <= 1)) fail(`${at}.explainedVariance[${k}]`, 'a fraction in [0, 1]', v);
  });
  const sum = a.explainedVariance[0] + a.explainedVariance[1];
  if (sum > 1 + 1e-6) fail(`${at}.explainedVariance`, 'fractions summing to at most 1', sum);
}
