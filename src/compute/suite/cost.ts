/**
 * Rough cost of an experiment in floating-point operations, for `--dry-run` and the overall ETA.
 * A forward pass costs ≈ 2·(multiply-adds) per example; a training step ≈ 3 forward passes.
 */
import type { Experiment, ModelSpec, ProbeSpec } from './config.js';

export function forwardFlopsPerExample(model: ModelSpec, inputSize = 784, classes = 10): number {
  switch (model.type) {
    case 'mlp': {
      const widths = [inputSize, ...model.hidden, classes];
      let macs = 0;
      for (let l = 0; l + 1 < widths.length; l++) macs += widths[l] * widths[l + 1];
      return 2 * macs;
    }
    case 'resnet': {
      // 3 stages of (depth − 2)/3 3×3 convs at 28², 14², 7² with widths c, 2c, 4c: every stage costs about the same.
      const c = model.baseWidth * model.width;
      const perStage = ((model.depth - 2) / 3) * 28 * 28 * 9 * c * c;
      return 2 * 3 * perStage;
    }
  }
}

function probePoints(p: ProbeSpec): number {
  switch (p.type) {
    case 'surface2d':
      return p.x.n * p.y.n;
    case 'curve1d':
      return p.x.n;
    case 'curves':
      return 2 * p.count * p.x.n;
    case 'trajectory':
      return p.surface ? p.surface.n ** 2 : 0;
    case 'histogram':
      return 0;
    // A Hessian-vector product costs about 4 forward passes; k products, twice (λmax, then the shifted λmin run).
    case 'convexity':
      return (p.x.n * p.y.n * 8 * p.k * p.examples) / 4000;
    case 'sharpness':
      return (8 * p.k * p.examples) / 4000;
  }
}

export function experimentFlops(exp: Experiment): number {
  const c = exp.config;
  const f = forwardFlopsPerExample(c.model);
  const evalExamples = c.data.evalTrain + c.data.evalTest;
  const probeExamples = (c.data.probeTrain ?? c.data.evalTrain) + (c.data.probeTest ?? c.data.evalTest);
  const trainings = c.kind === 'run' ? [c.train] : c.runs;
  const training = trainings.reduce((s, t) => s + 3 * f * t.epochs * c.data.trainSubset + t.epochs * f * evalExamples, 0);
  const points = c.kind === 'run' ? c.probes.reduce((s, p) => s + probePoints(p), 0) : c.x.n;
  return training + points * probeExamples * f;
}

/** Effective sustained rates seen on this project's backends (small MLPs), used only for estimates. */
export const ESTIMATED_FLOPS_PER_SECOND: Record<string, number> = { webgpu: 200e9, wasm: 15e9, cpu: 0.5e9, tensorflow: 50e9 };

export function estimateSeconds(flops: number, backend: string): number {
  return flops / (ESTIMATED_FLOPS_PER_SECOND[backend] ?? ESTIMATED_FLOPS_PER_SECOND.wasm);
}
