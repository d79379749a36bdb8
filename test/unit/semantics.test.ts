/**
 * Semantic validation (src/lib/semantics.ts): each rule refuses a small literal result, naming the file, the exact
 * field and the expectation; well-formed results (and every committed one) pass.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResult, SchemaError, serializeResult, type Artifact, type ExperimentResult, type TrainingSetup } from '../../src/lib/schema';
import { convexityFixture, curveFixture, experimentFixture, histogramFixture, scalarsFixture, surfaceFixture, trainingFixture, trajectoryFixture } from '../helpers/fixtures';

const FILE = 'precomputed/exp.json';
const setup = (epochs: number): TrainingSetup => ({ optimizer: 'sgd', lr: 0.1, batchSize: 64, weightDecay: 0, momentum: 0.9, epochs, replicate: 1, initSeed: 2, orderSeed: 3 });

/** A result holding one artifact of every kind, all well-formed: each test breaks one value of it. */
function good(): ExperimentResult {
  // Copied through JSON: the fixtures share arrays (a surface's x is its y, a curve's train loss its test loss).
  return JSON.parse(JSON.stringify(experimentFixture('exp', [
    trainingFixture({ testError: 0.1, epochs: 3 }),
    surfaceFixture((a, b) => a * a + b * b),
    curveFixture([0, 0.5, 1], (a) => 1 + a),
    trajectoryFixture([0.6, 0.3]),
    convexityFixture([-1, 0, 1], [0.1, null, 0.2, 0, 0.3, 0.1, 0.2, 0.1, 0.05]),
    histogramFixture([-1, 0, 1], [3, 0]),
    scalarsFixture({ lambdaMin: -0.5, curvature: null }),
  ], [setup(3)])));
}

const parse = (r: unknown, file = FILE) => parseResult(JSON.stringify(r), file);

/** The SchemaError parsing `r` throws; fails the test when it throws nothing or something else. */
function refusal(r: unknown, file = FILE): SchemaError {
  try {
    parse(r, file);
  } catch (e) {
    if (e instanceof SchemaError) return e;
    throw e;
  }
  throw new Error('expected a SchemaError, the result was accepted');
}

/** Parsing `r` fails naming FILE, exactly `field`, and an expectation containing `expected`. */
function expectRefused(r: unknown, field: string, expected: string): void {
  const e = refusal(r);
  expect(e.file).toBe(FILE);
  expect(e.field).toBe(field);
  expect(e.expected).toContain(expected);
  expect(e.message).toContain(`${FILE}: field '${field}': expected ${e.expected}, got `);
}

/** The artifact at `index` of a fresh good result, for mutating (typed loosely: tests write garbage into it). */
function withArtifact(index: number, change: (a: any) => void): ExperimentResult {
  const r = good();
  change(r.artifacts[index] as any);
  return r;
}

describe('semantic validation: good results', () => {
  it('accepts a result with every kind of artifact, and round-trips it', () => {
    expect(parse(good()).artifacts).toHaveLength(7);
    expect(parseResult(serializeResult(good()), 'exp.json').id).toBe('exp');
  });

  it('accepts null losses and accuracies in a surface that has some finite values, and bounds themselves', () => {
    const r = withArtifact(1, (s) => {
      s.metrics.trainLoss[0] = null;
      s.metrics.testAccuracy[0] = null;
      s.metrics.trainAccuracy[1] = 0;
      s.metrics.trainAccuracy[2] = 1;
      s.metrics.testLoss[3] = 0;
    });
    expect(() => parse(r)).not.toThrow();
  });

  it('accepts explained variances summing to 1 within rounding', () => {
    expect(() => parse(withArtifact(3, (t) => (t.explainedVariance = [0.6, 0.4 + 1e-7])))).not.toThrow();
  });
});

describe('semantic validation: the issue’s garbage', () => {
  it('refuses a negative loss', () => {
    const r = withArtifact(1, (s) => (s.metrics.trainLoss[3] = -4));
    expect(() => parse(r)).toThrow(`${FILE}: field 'artifacts[1].metrics.trainLoss[3]': expected a loss ≥ 0 (or null), got number -4`);
  });

  it('refuses an accuracy of 7.0 (a percentage, or garbage)', () => {
    const r = withArtifact(1, (s) => (s.metrics.testAccuracy[17] = 7));
    expect(() => parse(r)).toThrow(`${FILE}: field 'artifacts[1].metrics.testAccuracy[17]': expected an accuracy in [0, 1] (or null), got number 7`);
  });

  it('refuses an all-null surface, saying how a diverged run is stored instead', () => {
    const r = withArtifact(1, (s) => (s.metrics.trainLoss = s.metrics.trainLoss.map(() => null)));
    expectRefused(r, 'artifacts[1].metrics.trainLoss', "at least one finite value (a diverged run is stored with status 'diverged' and no surfaces)");
  });

  it('refuses reversed axes', () => {
    expect(() => parse(withArtifact(1, (s) => s.x.reverse()))).toThrow(`${FILE}: field 'artifacts[1].x[1]': expected a value > 1 (artifacts[1].x strictly increasing), got number 0.5`);
    expectRefused(withArtifact(1, (s) => s.y.reverse()), 'artifacts[1].y[1]', 'strictly increasing');
  });

  it('refuses one experiment’s content under another’s file name', () => {
    const r = experimentFixture('bar', []);
    const e = refusal(r, 'precomputed/foo.json');
    expect(e.file).toBe('precomputed/foo.json');
    expect(e.field).toBe('id');
    expect(e.message).toBe(`precomputed/foo.json: field 'id': expected "foo" (the file's name), got string "bar"`);
    expect(() => parse(r, 'C:\\landscape\\precomputed\\foo.json')).toThrow(/field 'id': expected "foo" \(the file's name\)/);
    expect(() => parse(r, 'precomputed/bar.json')).not.toThrow();
    // Labels that are not result-file names (an id, a description) carry no name to contradict.
    expect(() => parse(r, 'bar-from-cache')).not.toThrow();
    expect(() => serializeResult(r, 'foo.json')).toThrow(/field 'id'/);
    expect(() => serializeResult(r)).not.toThrow();
  });
});

describe('semantic validation: losses and accuracies everywhere', () => {
  it('curves and training epochs', () => {
    expectRefused(withArtifact(2, (c) => (c.metrics.testLoss[2] = -0.1)), 'artifacts[2].metrics.testLoss[2]', 'a loss ≥ 0 (or null)');
    expectRefused(withArtifact(2, (c) => (c.metrics.trainAccuracy[0] = -0.01)), 'artifacts[2].metrics.trainAccuracy[0]', 'an accuracy in [0, 1]');
    expectRefused(withArtifact(0, (t) => (t.epochs[1].trainLoss = -1)), 'artifacts[0].epochs[1].trainLoss', 'a loss ≥ 0 (or null)');
    expectRefused(withArtifact(0, (t) => (t.epochs[2].testAccuracy = 7)), 'artifacts[0].epochs[2].testAccuracy', 'an accuracy in [0, 1]');
    expectRefused(withArtifact(0, (t) => (t.epochs[0].trainAccuracy = 1.5)), 'artifacts[0].epochs[0].trainAccuracy', 'an accuracy in [0, 1]');
    // A diverged epoch's loss is null: allowed.
    expect(() => parse(withArtifact(0, (t) => (t.epochs[2].testLoss = null)))).not.toThrow();
  });

  it('refuses an all-null curve', () => {
    expectRefused(withArtifact(2, (c) => (c.metrics.trainLoss = [null, null, null])), 'artifacts[2].metrics.trainLoss', 'at least one finite value');
  });
});

describe('semantic validation: axes, histograms, convexity, trajectories', () => {
  it('curve and convexity axes, histogram edges strictly increasing (a repeat is refused too)', () => {
    expectRefused(withArtifact(2, (c) => (c.x = [0, 0.5, 0.5])), 'artifacts[2].x[2]', 'a value > 0.5 (artifacts[2].x strictly increasing)');
    expectRefused(withArtifact(4, (c) => (c.x = [1, 0, -1])), 'artifacts[4].x[1]', 'strictly increasing');
    expectRefused(withArtifact(4, (c) => (c.y = [-1, 1, 0])), 'artifacts[4].y[2]', 'strictly increasing');
    expectRefused(withArtifact(5, (h) => (h.edges = [1, 0, -1])), 'artifacts[5].edges[1]', 'a value > 1 (artifacts[5].edges strictly increasing)');
  });

  it('histogram counts and convexity ratios ≥ 0', () => {
    expectRefused(withArtifact(5, (h) => (h.counts = [3, -1])), 'artifacts[5].counts[1]', 'a count ≥ 0');
    expectRefused(withArtifact(4, (c) => (c.ratio[6] = -0.2)), 'artifacts[4].ratio[6]', 'a ratio |λmin/λmax| ≥ 0 (or null)');
  });

  it('explained variances each in [0, 1], summing to at most 1', () => {
    expectRefused(withArtifact(3, (t) => (t.explainedVariance = [1.2, 0])), 'artifacts[3].explainedVariance[0]', 'a fraction in [0, 1]');
    expectRefused(withArtifact(3, (t) => (t.explainedVariance = [0.5, -0.1])), 'artifacts[3].explainedVariance[1]', 'a fraction in [0, 1]');
    expect(() => parse(withArtifact(3, (t) => (t.explainedVariance = [0.7, 0.5])))).toThrow(
      `${FILE}: field 'artifacts[3].explainedVariance': expected fractions summing to at most 1, got number 1.2`,
    );
  });
});

describe('semantic validation: counts against the config', () => {
  it('epochs numbered 1..n in order', () => {
    expectRefused(withArtifact(0, (t) => (t.epochs[1].epoch = 3)), 'artifacts[0].epochs[1].epoch', '2 (epochs numbered 1..n in order)');
  });

  it('a training has its setup’s epochs: more is refused, fewer only when it diverged', () => {
    expectRefused(withArtifact(0, (t) => t.epochs.push({ ...t.epochs[2], epoch: 4 })), 'artifacts[0].epochs', '3 epochs (trainings[0].epochs; fewer only if diverged)');
    expectRefused(withArtifact(0, (t) => t.epochs.pop()), 'artifacts[0].epochs', '3 epochs (trainings[0].epochs; fewer only if diverged)');
    const diverged = experimentFixture('exp', [trainingFixture({ testError: 0.9, diverged: true, epochs: 2 })], [setup(3)]);
    expect(() => parse(diverged)).not.toThrow();
    diverged.artifacts[0] = trainingFixture({ testError: 0.9, diverged: true, epochs: 4 });
    expectRefused(diverged, 'artifacts[0].epochs', 'at most 3 epochs (trainings[0].epochs)');
  });

  it('pairs an interpolation’s training-k with trainings[k − 1]', () => {
    const interp = (a: number, b: number) =>
      experimentFixture('exp', [trainingFixture({ testError: 0.1, id: 'training-1', epochs: a }), trainingFixture({ testError: 0.1, id: 'training-2', epochs: b }), curveFixture([0, 1], () => 1)], [setup(3), setup(2)]);
    expect(() => parse(interp(3, 2))).not.toThrow();
    expectRefused(interp(3, 3), 'artifacts[1].epochs', '2 epochs (trainings[1].epochs; fewer only if diverged)');
    expectRefused(interp(2, 2), 'artifacts[0].epochs', '3 epochs (trainings[0].epochs; fewer only if diverged)');
  });

  it('an artifact its id does not pair is held to the setups’ lengths', () => {
    const other = (epochs: number, diverged = false) => experimentFixture('exp', [trainingFixture({ testError: 0.1, id: 'warmup', epochs, diverged })], [setup(3), setup(2)]);
    expect(() => parse(other(2))).not.toThrow();
    expect(() => parse(other(1, true))).not.toThrow();
    expectRefused(other(4), 'artifacts[0].epochs', 'at most 3 epochs (the longest of trainings[].epochs)');
    expectRefused(other(1), 'artifacts[0].epochs', '3 or 2 epochs (trainings[].epochs; fewer only if diverged)');
  });

  it('a training needs a setup', () => {
    expectRefused(experimentFixture('exp', [trainingFixture({ testError: 0.1 })], []), 'trainings', 'a training setup for artifacts[0] (training)');
  });

  it('evaluation counts at most the data set’s', () => {
    expectRefused(withArtifact(1, (s) => (s.evaluated.train = 60001)), 'artifacts[1].evaluated.train', 'at most 60000 (model.trainExamples)');
    expectRefused(withArtifact(2, (c) => (c.evaluated.test = 20000)), 'artifacts[2].evaluated.test', 'at most 10000 (model.testExamples)');
    expectRefused(withArtifact(0, (t) => (t.evaluated.test = 10001)), 'artifacts[0].evaluated.test', 'at most 10000 (model.testExamples)');
  });
});

describe('semantic validation: status', () => {
  const divergedResult = (trainingDiverged: boolean): ExperimentResult => ({
    ...experimentFixture('exp', [trainingFixture({ testError: 0.9, diverged: trainingDiverged })]),
    status: { state: 'diverged', reason: 'train loss not finite at epoch 1', skipped: [{ probe: 'surface', reason: 'no minimizer' }] },
  });

  it("'diverged' needs a diverged training", () => {
    expect(() => parse(divergedResult(true))).not.toThrow();
    expectRefused(divergedResult(false), 'status.state', "'ok', or a training artifact with diverged: true");
  });

  it("'ok' (or no status) with a diverged training is older data, accepted", () => {
    const artifacts: Artifact[] = [trainingFixture({ testError: 0.9, diverged: true })];
    expect(() => parse(experimentFixture('exp', artifacts))).not.toThrow();
    expect(() => parse({ ...experimentFixture('exp', artifacts), status: { state: 'ok' } })).not.toThrow();
  });
});

describe('committed results', () => {
  it('every file in precomputed/ passes (structure and semantics, under its own name)', () => {
    const dir = path.resolve('precomputed');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'manifest.json');
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(parseResult(readFileSync(path.join(dir, f), 'utf8'), path.join(dir, f)).id).toBe(f.slice(0, -5));
  });
});
