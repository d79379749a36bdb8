import { describe, expect, it } from 'vitest';
import { parseResult, serializeResult, SchemaError, type ExperimentResult } from '../../src/lib/schema';

export function sampleResult(): ExperimentResult {
  const n = 4;
  const grid = (v: number) => Array.from({ length: n }, (_, i) => v + i);
  const accuracy = (v: number) => Array.from({ length: n }, (_, i) => v + 0.1 * i);
  return {
    schemaVersion: 2,
    id: 'sample',
    title: 'Sample',
    model: { name: 'mlp', architecture: 'MLP', parameters: 10, dataset: 'Fashion-MNIST', trainExamples: 100, testExamples: 50 },
    trainings: [{ optimizer: 'sgd', lr: 0.05, batchSize: 64, weightDecay: 0, momentum: 0.9, epochs: 2, replicate: 1, initSeed: 2, orderSeed: 3 }],
    provenance: {
      hash: 'a'.repeat(64),
      config: { a: 1 },
      numericsVersion: '1',
      codeVersion: '0.1.0',
      backend: 'wasm',
      device: 'cpu',
      backendDetails: { simd: true },
      seed: 1,
      data: { name: 'fashion-mnist', sha256: 'b'.repeat(64) },
      packages: { node: '20' },
      node: 'v20',
      startedAt: '2026-01-01T00:00:00Z',
      finishedAt: '2026-01-01T00:01:00Z',
      wallTimeSeconds: 60,
      timings: [{ step: 'train', seconds: 1 }],
    },
    artifacts: [
      {
        kind: 'surface2d',
        id: 'surface',
        title: 's',
        directions: { seed: 1, normalization: 'filter', biasBn: 'ignore' },
        x: [-1, 1],
        y: [-1, 1],
        metrics: { trainLoss: grid(1), trainAccuracy: accuracy(0.5), testLoss: grid(2), testAccuracy: accuracy(0.4) },
        evaluated: { train: 10, test: 10 },
      },
    ],
  };
}

describe('schema', () => {
  it('round-trips a valid result, writing non-finite numbers as null', () => {
    const r = sampleResult();
    (r.artifacts[0] as any).metrics.trainLoss[3] = Infinity;
    const back = parseResult(serializeResult(r), 'sample.json');
    expect((back.artifacts[0] as any).metrics.trainLoss).toEqual([1, 2, 3, null]);
  });

  it('names the file and the field of a wrong value', () => {
    const r = sampleResult() as any;
    r.artifacts[0].metrics.testLoss[2] = 'high';
    expect(() => parseResult(JSON.stringify(r), 'precomputed/x.json')).toThrow(
      "precomputed/x.json: field 'artifacts[0].metrics.testLoss[2]': expected a finite number or null, got string \"high\"",
    );
  });

  it('names a missing field and a grid of the wrong size', () => {
    const r = sampleResult() as any;
    delete r.provenance.backend;
    expect(() => parseResult(JSON.stringify(r), 'f.json')).toThrow(/field 'provenance.backend': expected a string, got nothing/);
    const s = sampleResult() as any;
    s.artifacts[0].metrics.trainAccuracy.pop();
    expect(() => parseResult(JSON.stringify(s), 'f.json')).toThrow(/'artifacts\[0\].metrics.trainAccuracy': expected an array of 4 numbers/);
  });

  it('reports invalid JSON as such, and refuses to serialize an invalid result', () => {
    expect(() => parseResult('{"schemaVersion": 1,', 'broken.json')).toThrow(SchemaError);
    expect(() => parseResult('{"schemaVersion": 1,', 'broken.json')).toThrow(/broken\.json: field '\(whole file\)': expected valid JSON/);
    const r = sampleResult() as any;
    r.provenance.hash = 'short';
    expect(() => serializeResult(r)).toThrow(/provenance.hash/);
  });

  it('keeps optional direction options (states, orthogonalize, seeds) and rejects wrong ones', () => {
    const r = sampleResult() as any;
    r.artifacts[0].directions = { seed: 3, normalization: 'filter', biasBn: 'ignore', states: 'perturb', orthogonalize: true, seeds: [3, 4] };
    const back = parseResult(serializeResult(r), 'sample.json') as any;
    expect(back.artifacts[0].directions).toEqual(r.artifacts[0].directions);
    const old = parseResult(serializeResult(sampleResult()), 'sample.json') as any;
    expect(old.artifacts[0].directions).toEqual({ seed: 1, normalization: 'filter', biasBn: 'ignore' });
    r.artifacts[0].directions.states = 'sometimes';
    expect(() => parseResult(JSON.stringify(r), 'f.json')).toThrow(/directions.states/);
    r.artifacts[0].directions.states = 'ignore';
    r.artifacts[0].directions.seeds = [3, 4.5];
    expect(() => parseResult(JSON.stringify(r), 'f.json')).toThrow(/directions.seeds\[1\]/);
  });

  it('types what the site reads: trainings, and a training history with its convergence and evaluation counts', () => {
    const r = sampleResult() as any;
    r.artifacts.push({
      kind: 'training',
      id: 'training',
      diverged: false,
      epochs: [
        { epoch: 1, lr: 0.05, trainLoss: 0.5, trainAccuracy: 0.8, testLoss: 0.6, testAccuracy: 0.78, seconds: 1 },
        { epoch: 2, lr: 0.05, trainLoss: 0.4, trainAccuracy: 0.85, testLoss: 0.5, testAccuracy: 0.8, seconds: 1 },
      ],
      evaluated: { train: 100, test: 50 },
      convergence: { criterion: 'plateau', met: false, value: null },
    });
    const back = parseResult(serializeResult(r), 'sample.json') as any;
    expect(back.trainings[0]).toEqual(r.trainings[0]);
    expect(back.artifacts[1].convergence).toEqual({ criterion: 'plateau', met: false, value: null });
    expect(back.artifacts[1].evaluated).toEqual({ train: 100, test: 50 });
    r.artifacts[1].convergence.met = 'yes';
    expect(() => parseResult(JSON.stringify(r), 'f.json')).toThrow(/field 'artifacts\[1\].convergence.met': expected true or false/);
    const t = sampleResult() as any;
    t.trainings[0].optimizer = 'rmsprop';
    expect(() => parseResult(JSON.stringify(t), 'f.json')).toThrow(/field 'trainings\[0\].optimizer'/);
    delete t.trainings;
    expect(() => parseResult(JSON.stringify(t), 'f.json')).toThrow(/field 'trainings'/);
  });
});
