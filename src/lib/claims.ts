/**
 * The paper's claims, each checked against this project's data. Every claim returns the numbers it rests on and a
 * verdict: 'reproduced', 'not reproduced', or 'partly' — the article prints these, never a hand-written conclusion.
 */
import { basinHalfWidth, centreValue, finalTestError, radialNonMonotonicity, rimRise, scalar, type Load } from './findings.js';
import { findArtifact } from './schema.js';

export type Verdict = 'reproduced' | 'not reproduced' | 'partly';

export interface Claim {
  id: string;
  paper: string;
  verdict: Verdict;
  /** One sentence with the numbers, in plain text. */
  summary: string;
  numbers: Record<string, number | null>;
}

const pct = (v: number | null) => (v === null ? 'n/a' : `${(100 * v).toFixed(1)}%`);
const num = (v: number | null, d = 3) => (v === null ? 'n/a' : v.toPrecision(d));

/** Small vs large batch, with and without weight decay: sharpness from filter-normalized plots vs test error. */
export function batchSizeClaim(load: Load): Claim {
  const settings = [
    ['sgd', 'batch-sgd-small', 'batch-sgd-large'],
    ['sgd-wd', 'batch-sgd-small-wd', 'batch-sgd-large-wd'],
    ['adam', 'batch-adam-small', 'batch-adam-large'],
  ] as const;
  const numbers: Record<string, number | null> = {};
  let agree = 0;
  let smallBetter = 0;
  for (const [key, small, large] of settings) {
    const s = load(small);
    const l = load(large);
    numbers[`${key}.small.testError`] = finalTestError(s);
    numbers[`${key}.large.testError`] = finalTestError(l);
    numbers[`${key}.small.lossRise05`] = scalar(s, 'lossRise05');
    numbers[`${key}.large.lossRise05`] = scalar(l, 'lossRise05');
    numbers[`${key}.small.lambdaMax`] = scalar(s, 'lambdaMax');
    numbers[`${key}.large.lambdaMax`] = scalar(l, 'lambdaMax');
    const sharperIsWorse =
      (numbers[`${key}.large.lossRise05`]! > numbers[`${key}.small.lossRise05`]!) === (numbers[`${key}.large.testError`]! > numbers[`${key}.small.testError`]!);
    if (sharperIsWorse) agree++;
    if (numbers[`${key}.small.testError`]! < numbers[`${key}.large.testError`]!) smallBetter++;
  }
  numbers.settingsWhereSharperGeneralizesWorse = agree;
  numbers.settingsWhereSmallBatchGeneralizesBetter = smallBetter;
  const verdict: Verdict = agree === 3 && smallBetter === 3 ? 'reproduced' : agree >= 2 ? 'partly' : 'not reproduced';
  return {
    id: 'batch-size',
    paper: 'Small-batch training finds flatter minimizers that generalize better than large-batch ones; filter-normalized plots make sharpness track generalization.',
    verdict,
    numbers,
    summary:
      `In ${agree} of 3 settings (SGD, SGD with weight decay, Adam) the minimizer with the larger filter-normalized loss rise at α = 0.5 ` +
      `also had the larger test error; small batches generalized better in ${smallBetter} of 3 (SGD: ${pct(numbers['sgd.small.testError'])} vs ${pct(numbers['sgd.large.testError'])} test error).`,
  };
}

/** Weight decay makes unnormalized (interpolation) comparisons misleading: weight norms differ across settings. */
export function weightDecayClaim(load: Load): Claim {
  const numbers: Record<string, number | null> = {};
  for (const id of ['batch-sgd-small', 'batch-sgd-large', 'batch-sgd-small-wd', 'batch-sgd-large-wd']) numbers[`${id}.weightNorm`] = scalar(load(id), 'weightNorm');
  for (const id of ['interp-sgd', 'interp-sgd-wd']) {
    const c = findArtifact(load(id), 'curve1d');
    numbers[`${id}.halfWidthAt0`] = basinHalfWidth(c, 0.1, 0);
    numbers[`${id}.halfWidthAt1`] = basinHalfWidth(c, 0.1, 1);
  }
  const ratioNoWd = numbers['batch-sgd-small.weightNorm']! / numbers['batch-sgd-large.weightNorm']!;
  const ratioWd = numbers['batch-sgd-small-wd.weightNorm']! / numbers['batch-sgd-large-wd.weightNorm']!;
  numbers.normRatioSmallOverLarge = ratioNoWd;
  numbers.normRatioSmallOverLargeWd = ratioWd;
  // The paper (Sec. 5, Fig. 3): with zero weight decay the large-batch weights are smaller than the small-batch ones;
  // weight decay reverses this, and with it which minimizer looks sharper in an unnormalized (interpolation) plot.
  // Norms within 2% of each other count as equal, not as an order.
  const order = (r: number) => (r > 1.02 ? 'small larger' : r < 0.98 ? 'large larger' : 'equal');
  const [without, withWd] = [order(ratioNoWd), order(ratioWd)];
  const asPaper = without === 'small larger' && withWd === 'large larger';
  const partly = without === 'small larger' && withWd === 'equal';
  return {
    id: 'weight-decay',
    paper: 'Without weight decay large-batch weights are smaller than small-batch ones; weight decay reverses that, which flips sharpness in unnormalized plots. Filter normalization removes this scale artifact.',
    verdict: asPaper ? 'reproduced' : partly ? 'partly' : 'not reproduced',
    numbers,
    summary:
      `Kernel weight norm, small-batch / large-batch: ${num(ratioNoWd)} without weight decay, ${num(ratioWd)} with it` +
      (asPaper
        ? ' — weight decay reverses which solution has the larger weights, as in the paper.'
        : partly
          ? ' — without weight decay the small-batch weights are larger, as in the paper; weight decay equalizes the norms (within 2%) rather than reversing them.'
          : ` — ${without === 'small larger' ? 'the no-weight-decay order matches the paper, but' : 'unlike the paper,'} weight decay does not reverse it.`),
  };
}

/** Depth and skip connections: deep nets without shortcuts become chaotic. */
export function skipConnectionClaim(load: Load, depths: number[]): Claim {
  const numbers: Record<string, number | null> = {};
  for (const d of depths) {
    for (const k of ['skip', 'noskip']) {
      const r = load(`resnet${d}-${k}`);
      const s = findArtifact(r, 'surface2d');
      numbers[`resnet${d}-${k}.nonMonotone`] = radialNonMonotonicity(s);
      numbers[`resnet${d}-${k}.rimRise`] = rimRise(s, 0.9);
      numbers[`resnet${d}-${k}.testError`] = finalTestError(r);
      numbers[`resnet${d}-${k}.centreLoss`] = centreValue(s);
    }
  }
  const deep = Math.max(...depths);
  const shallow = Math.min(...depths);
  const chaoticDeepNoSkip = numbers[`resnet${deep}-noskip.nonMonotone`]! > numbers[`resnet${deep}-skip.nonMonotone`]!;
  const depthHurtsNoSkip = numbers[`resnet${deep}-noskip.nonMonotone`]! > numbers[`resnet${shallow}-noskip.nonMonotone`]!;
  const verdict: Verdict = chaoticDeepNoSkip && depthHurtsNoSkip ? 'reproduced' : chaoticDeepNoSkip || depthHurtsNoSkip ? 'partly' : 'not reproduced';
  return {
    id: 'skip-connections',
    paper: 'Without skip connections, landscapes turn chaotic as depth grows; skip connections keep them smooth and convex-looking.',
    verdict,
    numbers,
    summary:
      `Fraction of grid points where the loss dips on the way out from the minimizer: ResNet-${deep} ${pct(numbers[`resnet${deep}-skip.nonMonotone`])} with skips, ` +
      `${pct(numbers[`resnet${deep}-noskip.nonMonotone`])} without; ResNet-${shallow} without skips ${pct(numbers[`resnet${shallow}-noskip.nonMonotone`])}.`,
  };
}

/** Width: wider nets have flatter, more convex-looking landscapes. */
export function widthClaim(load: Load, widths: number[]): Claim {
  const numbers: Record<string, number | null> = {};
  for (const w of widths) {
    const r = load(`width-${w}`);
    const s = findArtifact(r, 'surface2d');
    numbers[`width-${w}.rimRise`] = rimRise(s, 0.9);
    numbers[`width-${w}.nonMonotone`] = radialNonMonotonicity(s);
    numbers[`width-${w}.testError`] = finalTestError(r);
  }
  const rises = widths.map((w) => numbers[`width-${w}.rimRise`]!);
  const flatter = rises.every((v, i) => i === 0 || v < rises[i - 1]);
  const errors = widths.map((w) => numbers[`width-${w}.testError`]!);
  const better = errors[errors.length - 1] < errors[0];
  return {
    id: 'width',
    paper: 'Wider models have flatter minimizers and wider convex-looking regions, and generalize better.',
    verdict: flatter && better ? 'reproduced' : flatter || better ? 'partly' : 'not reproduced',
    numbers,
    summary: `Mean loss rise at radius ≥ 0.9 for widths ${widths.join(', ')}: ${rises.map((v) => num(v)).join(', ')}; test error ${errors.map(pct).join(', ')}.`,
  };
}

/** Optimizer trajectories lie in a very low-dimensional space: two PCA directions capture most of their variation. */
export function trajectoryClaim(load: Load, ids: string[]): Claim {
  const numbers: Record<string, number | null> = {};
  const sums = ids.map((id) => {
    const t = findArtifact(load(id), 'trajectory');
    const v = t.explainedVariance[0] + t.explainedVariance[1];
    numbers[`${id}.explained2`] = v;
    return v;
  });
  const min = Math.min(...sums);
  const median = [...sums].sort((a, b) => a - b)[Math.floor(sums.length / 2)];
  numbers.minExplained2 = min;
  numbers.medianExplained2 = median;
  return {
    id: 'trajectories',
    paper: 'Optimization trajectories lie in an extremely low-dimensional space: the top two PCA directions explain 40–90% of the variation.',
    verdict: median >= 0.4 ? 'reproduced' : min >= 0.2 ? 'partly' : 'not reproduced',
    numbers,
    summary: `The top two PCA directions explain a median ${pct(median)} (lowest ${pct(min)}) of the checkpoints' variation over ${ids.length} runs.`,
  };
}

/** Convexity: regions that look convex in the plots are convex (|λmin/λmax| small), near the minimizer above all. */
export function convexityClaim(load: Load, ids: string[]): Claim {
  const numbers: Record<string, number | null> = {};
  for (const id of ids) {
    const c = findArtifact(load(id), 'convexity');
    const ratios = c.ratio.filter((v): v is number => v !== null);
    const nearest = (axis: number[]) => axis.reduce((b, v, i) => (Math.abs(v) < Math.abs(axis[b]) ? i : b), 0);
    numbers[`${id}.centreRatio`] = c.ratio[nearest(c.y) * c.x.length + nearest(c.x)];
    numbers[`${id}.maxRatio`] = ratios.length ? Math.max(...ratios) : null;
    numbers[`${id}.fractionBelow0.1`] = ratios.length ? ratios.filter((v) => v < 0.1).length / ratios.length : null;
  }
  const mostlyConvex = ids.every((id) => (numbers[`${id}.fractionBelow0.1`] ?? 0) >= 0.5);
  return {
    id: 'convexity',
    paper: 'Around minimizers of well-behaved nets, the Hessian has |λmin/λmax| near zero: the convex-looking region is really convex.',
    verdict: mostlyConvex ? 'reproduced' : 'not reproduced',
    numbers,
    summary: ids.map((id) => `${id}: |λmin/λmax| ${num(numbers[`${id}.centreRatio`], 2)} at the minimizer, < 0.1 at ${pct(numbers[`${id}.fractionBelow0.1`])} of the grid`).join('; ') + '.',
  };
}

/** The ids the standard profile computes (see src/compute/suite/experiments.ts). */
export const CLAIM_INPUTS: { depths: number[]; widths: number[]; batchRuns: string[]; convexityRuns: string[] } = {
  depths: [8, 20],
  widths: [32, 128, 512],
  batchRuns: ['batch-sgd-small', 'batch-sgd-large', 'batch-sgd-small-wd', 'batch-sgd-large-wd', 'batch-adam-small', 'batch-adam-large'],
  convexityRuns: ['batch-sgd-small', 'batch-sgd-large'],
};

export function allClaims(load: Load, inputs = CLAIM_INPUTS): Claim[] {
  return [
    batchSizeClaim(load),
    weightDecayClaim(load),
    skipConnectionClaim(load, inputs.depths),
    widthClaim(load, inputs.widths),
    trajectoryClaim(load, inputs.batchRuns),
    convexityClaim(load, inputs.convexityRuns),
  ];
}
