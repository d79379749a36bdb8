/**
 * Rough cost of an experiment in floating-point operations, for `--dry-run` and the overall ETA.
 * A forward pass costs ≈ 2·(multiply-adds) per example; a training step ≈ 3 forward passes.
 */
import type { Experiment, ModelSpec, RunConfig } from './config.js';

export function forwardFlopsPerExample(model: ModelSpec, inputSize = 784, classes = 10): number {
  switch (model.type) {
    case 'mlp': {
      const widths = [inputSize, ...model.hidden, classes];
      let macs = 0;
      for (let l = 0; l + 1 < widths.length; l++) macs += widths[l] * widths[l + 1];
      return 2 * macs;
    }
  }
}

function gridPoints(p: RunConfig['probes'][number]): number {
  return p.x.n * p.y.n;
}

export function experimentFlops(exp: Experiment): number {
  const c = exp.config;
  const f = forwardFlopsPerExample(c.model);
  const evalExamples = c.data.evalTrain + c.data.evalTest;
  const training = 3 * f * c.train.epochs * c.data.trainSubset + c.train.epochs * f * (c.data.trainSubset + c.data.evalTest);
  const probes = c.probes.reduce((s, p) => s + gridPoints(p) * evalExamples * f, 0);
  return training + probes;
}

/** Effective sustained rates seen on this project's backends (small MLPs), used only for estimates. */
export const ESTIMATED_FLOPS_PER_SECOND: Record<string, number> = { webgpu: 200e9, wasm: 15e9, cpu: 0.5e9, tensorflow: 50e9 };

export function estimateSeconds(flops: number, backend: string): number {
  return flops / (ESTIMATED_FLOPS_PER_SECOND[backend] ?? ESTIMATED_FLOPS_PER_SECOND.wasm);
}
