/**
 * Probes 'convexity' (Hessian extremes over a grid, the paper's convexity maps) and 'sharpness' (Hessian extremes at
 * the minimizer plus 1D sharpness numbers from an earlier 'curves' probe). Lanczos runs to a residual tolerance;
 * points where it hit its step cap first are counted in the result (`unconverged`), never silently mixed in.
 */
import type { Curve1D, Scalars } from '../../../lib/schema.js';
import { SHARPNESS } from '../../../lib/design.js';
import { mean, sd } from '../../../lib/stats.js';
import { directionPair } from '../../landscape/directions.js';
import { convexityMap } from '../../landscape/convexity.js';
import { hessianExtremes } from '../../landscape/hessian.js';
import { modelLossTerms } from '../../landscape/secondOrder.js';
import { curvatureAtZero, lossRiseAt } from '../../landscape/sharpness.js';
import { take } from '../../data/dataset.js';
import type { ProbeSpec } from '../config.js';
import { familyIds } from './curves.js';
import type { ProbeHandler } from './types.js';

export const convexity: ProbeHandler<Extract<ProbeSpec, { type: 'convexity' }>> = async (probe, { model, trained, data, partial, ctx, exp }) => {
  const directions = directionPair(model.specs, trained.weights, probe.directions);
  const loss = modelLossTerms(model, take(data.evalTrain, probe.examples));
  const total = probe.x.n * probe.y.n;
  const done = partial.points(probe.id, { total, width: 3 });
  const report = ctx.reporter.task(`${exp.id}: ${probe.id} ${probe.x.n}×${probe.y.n} (Hessian)`, total);
  let count = done.size;
  const converged = new Array<boolean>(total).fill(true);
  try {
    const map = await convexityMap({
      problem: { specs: model.specs, terms: loss.terms },
      weights: trained.weights,
      directions,
      x: probe.x,
      y: probe.y,
      k: probe.k,
      tol: probe.tol,
      minSteps: probe.minSteps,
      skip: new Set(done.keys()),
      onPoint: ({ index, extremes }) => {
        converged[index] = extremes.converged;
        partial.recordPoint(probe.id, index, [extremes.lambdaMin, extremes.lambdaMax, extremes.converged ? 1 : 0]);
        report(++count);
      },
    });
    for (const [index, [lmin, lmax, ok]] of done) {
      map.lambdaMin[index] = lmin;
      map.lambdaMax[index] = lmax;
      map.ratio[index] = lmin === null || lmax === null || lmax === 0 ? null : Math.abs(lmin / lmax);
      converged[index] = ok === 1;
    }
    partial.flush();
    const { lambdaMin, lambdaMax, ratio, x, y } = map;
    return [{ kind: 'convexity', id: probe.id, title: probe.title, x, y, lambdaMin, lambdaMax, ratio, tol: probe.tol, unconverged: converged.filter((c) => !c).length }];
  } finally {
    loss.dispose();
  }
};

/** Mean and sample sd over directions; null where there are too few values (no curve reached the radius). */
const meanOrNull = (v: number[]) => (v.length ? mean(v) : null);
const sdOrNull = (v: number[]) => (v.length >= 2 ? sd(v) : null);
const finite = (v: Array<number | null>) => v.filter((x): x is number => x !== null && Number.isFinite(x));

export const sharpness: ProbeHandler<Extract<ProbeSpec, { type: 'sharpness' }>> = async (probe, { model, trained, data, exp }, earlier) => {
  const family = (ids: string[]) =>
    ids.map((id) => {
      const c = earlier.find((a) => a.id === id);
      if (!c || c.kind !== 'curve1d') throw new Error(`${exp.id}: probe ${probe.id} needs curve '${id}' of the curves probe '${probe.curves}' before it`);
      return c as Curve1D;
    });
  const count = earlier.filter((a) => a.id.startsWith(`${probe.curves}-filter-`)).length;
  if (count === 0) throw new Error(`${exp.id}: probe ${probe.id} needs the curves probe '${probe.curves}' before it`);
  const names = familyIds(probe.curves, count);
  const filtered = family(names.filter);
  const unnormalized = family(names.none);
  const rises = finite(filtered.map((c) => lossRiseAt(c.x, c.metrics.trainLoss, probe.riseAt)));
  const risesNone = finite(unnormalized.map((c) => lossRiseAt(c.x, c.metrics.trainLoss, probe.unnormalizedRiseAt)));
  // 11 points: |α| ≤ 0.25 on a 41-point curve over [−1, 1].
  const curvatures = finite(filtered.map((c) => curvatureAtZero(c.x, c.metrics.trainLoss, { points: 11 })));
  const loss = modelLossTerms(model, take(data.evalTrain, probe.examples));
  try {
    const e = await hessianExtremes({ specs: model.specs, terms: loss.terms }, trained.weights, { k: probe.k, tol: probe.tol, minSteps: probe.minSteps });
    const last = trained.history.at(-1);
    const values: Scalars['values'] = {
      [SHARPNESS.lambdaMax]: e.lambdaMax,
      [SHARPNESS.lambdaMin]: e.lambdaMin,
      [SHARPNESS.ratio]: e.lambdaMax === 0 ? null : Math.abs(e.lambdaMin / e.lambdaMax),
      [SHARPNESS.lanczosConverged]: e.converged ? 1 : 0,
      lanczosSteps: e.steps,
      [SHARPNESS.lossRise]: meanOrNull(rises),
      [SHARPNESS.lossRiseSd]: sdOrNull(rises),
      [SHARPNESS.lossRiseUnnormalized]: meanOrNull(risesNone),
      [SHARPNESS.lossRiseUnnormalizedSd]: sdOrNull(risesNone),
      directions: count,
      [SHARPNESS.curvature]: meanOrNull(curvatures),
      [SHARPNESS.weightNorm]: Math.sqrt(
        model.specs.reduce((sum, spec, p) => (spec.kind === 'conv' || spec.kind === 'dense' ? sum + trained.weights[p].reduce((a, v) => a + v * v, 0) : sum), 0),
      ),
      [SHARPNESS.trainLoss]: last?.trainLoss ?? null,
      [SHARPNESS.testError]: last ? 1 - last.testAccuracy : null,
      [SHARPNESS.trainError]: last ? 1 - last.trainAccuracy : null,
    };
    return [{ kind: 'scalars', id: probe.id, title: probe.title, values }];
  } finally {
    loss.dispose();
  }
};
