/**
 * Experiment kind 'interpolation': two trainings of one architecture (e.g. small vs large batch), then the loss along
 * the straight line θ(α) = (1−α)θ₁ + αθ₂ (Goodfellow et al.'s plot, the paper's Fig. 2). Trainings are shared, through
 * the weights cache, with 'run' experiments of identical settings.
 */
import type { ExperimentResult, TrainingHistory } from '../../lib/schema.js';
import { curve1dArtifact, interpolationCurve } from '../landscape/interpolate.js';
import { makeEvaluator } from '../models/evaluate.js';
import type { Experiment, InterpolationConfig } from './config.js';
import type { RunContext } from './context.js';
import { assembleResult, divergedStatus, makeTimer, trainingArtifact, trainingSetup } from './result.js';
import { buildModel, prepareData, trainOrReuse, type Trained } from './training.js';

export async function runInterpolation(exp: Experiment & { config: InterpolationConfig }, ctx: RunContext): Promise<ExperimentResult> {
  const { config } = exp;
  const startedAt = new Date();
  const { timings, timed } = makeTimer();
  const data = await timed('load data', () => prepareData(config.data, ctx));
  const { model, architecture } = buildModel(config.model, data.trainSet);
  const trained: Trained[] = [];
  for (const [k, run] of config.runs.entries()) {
    trained.push(await timed(`train ${config.labels[k]}`, () => trainOrReuse(`${exp.id} (${config.labels[k]})`, { data: config.data, model: config.model, train: run }, model, data, ctx)));
  }
  const histories: TrainingHistory[] = trained.map((t, k) => trainingArtifact(`training-${k + 1}`, t, data));
  const trainings = config.runs.map((t) => trainingSetup(config.model, t));
  const frame = { model, architecture, data, seed: config.runs[0].seed, startedAt, timings, trainings };
  const status = divergedStatus(trained.map((t, k) => ({ label: config.labels[k], trained: t })), ['interpolation']);
  if (status) {
    ctx.reporter.log(`${exp.id}: DIVERGED (${status.reason}); the interpolation is skipped and the result is stored as diverged`);
    return assembleResult(exp, ctx, { ...frame, status }, histories);
  }
  // The full evaluation sets, as the trainings' own final metrics: the curve's ends are those runs' numbers.
  const evaluators = { train: makeEvaluator(model, data.evalTrain), test: makeEvaluator(model, data.evalTest) };
  try {
    const curve = await timed('interpolation', () =>
      interpolationCurve({ specs: model.specs, from: trained[0].weights, to: trained[1].weights, alphas: config.x, evaluators }),
    );
    const artifact = curve1dArtifact(curve, {
      id: 'interpolation',
      title: `Linear interpolation from ${config.labels[0]} (α = 0) to ${config.labels[1]} (α = 1)`,
      axis: 'interpolation',
    });
    return assembleResult(exp, ctx, frame, [...histories, artifact]);
  } finally {
    evaluators.train.dispose();
    evaluators.test.dispose();
  }
}
