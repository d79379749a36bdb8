import { describe, expect, it } from 'vitest';
import type { ExperimentResult, ModelInfo, TrainingSetup } from '../../src/lib/schema';
import { describeRuns, modelName, nameRunsIn, runName, runNames } from '../../src/site/run-names';
import { verdictView } from '../../src/site/verdict-view';
import type { Claim } from '../../src/lib/claims';

// Literal results: only what names are derived from (model, trainings) is filled in. The ids are deliberately
// unlike the names, so a name that leaked from an id would show.
const mlp = (hidden: number[]): ModelInfo => ({ name: `mlp-${[784, ...hidden, 10].join('-')}`, architecture: `MLP ${[784, ...hidden, 10].join('-')}, ReLU`, parameters: 1, dataset: 'Fashion-MNIST', trainExamples: 60000, testExamples: 10000 });
const resnet = (depth: number, skip: boolean): ModelInfo => ({ name: `resnet${depth}-b8${skip ? '' : '-noshort'}`, architecture: `ResNet-${depth}${skip ? '' : ' (no skip connections)'}, width 1× (base 8 channels), BatchNorm`, parameters: 1, dataset: 'Fashion-MNIST', trainExamples: 20000, testExamples: 10000 });
const setup = (t: Partial<TrainingSetup> = {}): TrainingSetup => ({ optimizer: 'sgd', lr: 0.05, batchSize: 128, weightDecay: 0, momentum: 0.9, epochs: 20, replicate: 1, initSeed: 2, orderSeed: 3, ...t });
const result = (id: string, model: ModelInfo, ...trainings: TrainingSetup[]): ExperimentResult =>
  ({ schemaVersion: 2, id, title: 'a title', model, trainings, provenance: {} as ExperimentResult['provenance'], artifacts: [] }) as ExperimentResult;

const batch = [
  result('r1', mlp([128]), setup({ batchSize: 64 })),
  result('r2', mlp([128]), setup({ batchSize: 2048, lr: 0.4 })),
  result('r3', mlp([128]), setup({ batchSize: 64, weightDecay: 5e-4 })),
  result('r4', mlp([128]), setup({ batchSize: 2048, lr: 0.4, weightDecay: 5e-4 })),
  result('r5', mlp([128]), setup({ optimizer: 'adam', batchSize: 64, lr: 0.001 })),
  result('r6', mlp([128]), setup({ optimizer: 'adam', batchSize: 2048, lr: 0.001 })),
];
const resnets = [8, 20].flatMap((d) => [true, false].map((skip) => result(`net${d}${skip}`, resnet(d, skip), setup({ weightDecay: 5e-4, lr: 0.1 }))));

describe('run names', () => {
  it('names an architecture from the model name the compute step writes', () => {
    expect(modelName(resnet(20, true))).toBe('ResNet-20 with skip connections');
    expect(modelName(resnet(56, false))).toBe('ResNet-56 without skip connections');
    expect(modelName(mlp([128]))).toBe('MLP, 128 hidden units');
    expect(modelName(mlp([512, 512]))).toBe('MLP, 2 × 512 hidden units');
    expect(modelName(mlp([64, 32]))).toBe('MLP 784-64-32-10');
    // An unknown model: the architecture's first clause, never the internal name.
    expect(modelName({ ...mlp([1]), name: 'vgg9-16.32', architecture: 'VGG-9, BatchNorm' })).toBe('VGG-9');
  });

  it('among peers, keeps only what tells them apart: optimizer, batch, weight decay (not the learning rate that comes with them)', () => {
    expect([...runNames(batch).values()]).toEqual([
      'SGD, batch 64',
      'SGD, batch 2048',
      'SGD, batch 64, weight decay 5e-4',
      'SGD, batch 2048, weight decay 5e-4',
      'Adam, batch 64',
      'Adam, batch 2048',
    ]);
    expect([...runNames(resnets).values()]).toEqual(['ResNet-8 with skip connections', 'ResNet-8 without skip connections', 'ResNet-20 with skip connections', 'ResNet-20 without skip connections']);
  });

  it('names the learning rate when it is what differs (a learning-rate × batch grid)', () => {
    const grid = [0.01, 0.1].flatMap((lr) => [32, 512].map((bs) => result(`g${lr}${bs}`, mlp([128]), setup({ lr, batchSize: bs }))));
    expect([...runNames(grid).values()]).toEqual(['SGD, batch 32, learning rate 0.01', 'SGD, batch 512, learning rate 0.01', 'SGD, batch 32, learning rate 0.1', 'SGD, batch 512, learning rate 0.1']);
  });

  it('alone, a run gets its full description; replicates are named when they are what differs', () => {
    expect(runName(resnets[1])).toBe('ResNet-8 without skip connections (SGD, batch 128, weight decay 5e-4, learning rate 0.1)');
    const rep2 = result('x-s2', resnet(8, false), setup({ weightDecay: 5e-4, lr: 0.1, replicate: 2 }));
    expect(runName(rep2)).toBe('ResNet-8 without skip connections (SGD, batch 128, weight decay 5e-4, learning rate 0.1, replicate 2)');
    expect(runName(rep2, resnets)).toBe('ResNet-8 without skip connections (replicate 2)');
    expect(runName(resnets[1], [...resnets, rep2])).toBe('ResNet-8 without skip connections (replicate 1)');
    // Peers that the architecture alone tells apart are named by it; where it does not suffice, the training joins it.
    const wide = result('w', mlp([32, 32]), setup());
    expect(runName(batch[0], [wide])).toBe('MLP, 128 hidden units');
    expect(runName(batch[0], [wide, batch[1]])).toBe('MLP, 128 hidden units (SGD, batch 64)');
  });

  it('names an interpolation by its two endpoints', () => {
    const interp = result('i', mlp([128]), setup({ batchSize: 64 }), setup({ batchSize: 2048, lr: 0.4 }));
    expect(runName(interp)).toBe('MLP, 128 hidden units (interpolation from SGD, batch 64 to SGD, batch 2048)');
    const sameButLr = result('j', mlp([128]), setup({ lr: 0.01 }), setup({ lr: 0.1 }));
    expect(runName(sameButLr, [interp])).toBe('Interpolation from SGD, batch 128, learning rate 0.01 to SGD, batch 128, learning rate 0.1');
  });

  it('lists runs with their replicates grouped, in the order given', () => {
    const reps = [1, 2, 3].flatMap((k) => resnets.slice(0, 2).map((r) => ({ ...r, id: `${r.id}-${k}`, trainings: [setup({ ...r.trainings[0], replicate: k })] })));
    expect(describeRuns(reps)).toBe('ResNet-8 with skip connections (replicates 1, 2 and 3); ResNet-8 without skip connections (replicates 1, 2 and 3)');
    expect(describeRuns([reps[0], reps[3]])).toBe('ResNet-8 with skip connections (replicate 1); ResNet-8 without skip connections (replicate 2)');
    expect(describeRuns([reps[2]])).toBe('ResNet-8 with skip connections (SGD, batch 128, weight decay 5e-4, learning rate 0.1, replicate 2)');
  });

  it('rewrites ids in a text: lists grouped, lone ids named, words and unknown ids left alone', () => {
    const byId = new Map([...resnets, ...batch].map((r) => [r.id, r]));
    // Ids shaped like the suite's (word-word) so the pattern finds them.
    const ids = new Map([['resnet8-skip', resnets[0]], ['resnet8-noskip', resnets[1]], ['batch-sgd-small', batch[0]]]);
    const lookup = (id: string) => ids.get(id) ?? byId.get(id) ?? null;
    expect(nameRunsIn('Did not converge (2), included: resnet8-skip, resnet8-noskip.', lookup)).toBe(
      'Did not converge (2), included: ResNet-8 with skip connections (replicate 1); ResNet-8 without skip connections (replicate 1).',
    );
    expect(nameRunsIn('Values not available (1): batch-sgd-small: no sharpness.', lookup)).toBe('Values not available (1): MLP, 128 hidden units (SGD, batch 64, learning rate 0.05): no sharpness.');
    expect(nameRunsIn('Along filter-normalized directions; missing: batch-sgd-huge, resnet8-skip.', lookup)).toBe(
      'Along filter-normalized directions; missing: batch-sgd-huge, ResNet-8 with skip connections (SGD, batch 128, weight decay 5e-4, learning rate 0.1).',
    );
    // Part of a longer word is not an id.
    expect(nameRunsIn('xresnet8-skip and resnet8-skip-s9', lookup)).toBe('xresnet8-skip and resnet8-skip-s9');
  });
});

describe('verdict boxes name runs', () => {
  it('the notes, summary and labels a reader sees carry names; the claim keeps its ids', () => {
    const ids = new Map([['resnet8-skip', resnets[0]], ['resnet8-noskip', resnets[1]]]);
    const names = (t: string) => nameRunsIn(t, (id) => ids.get(id) ?? null);
    const claim: Claim = {
      id: 'c', paper: 'p', verdict: 'inconclusive', summary: 'Fewer runs: resnet8-skip.',
      effects: [{ key: 'k', label: 'Dips, resnet8-noskip − resnet8-skip', unit: 'fraction', paperSign: 1, a: { label: 'resnet8-noskip', value: { mean: 0.1, lo: 0, hi: 0.2, n: 3 } }, difference: null, status: 'unclear' }],
      notes: ['Did not meet their convergence criterion (2), included: resnet8-skip, resnet8-noskip.'],
    };
    const v = verdictView(claim, names);
    expect(v.notes).toEqual(['Did not meet their convergence criterion (2), included: ResNet-8 with skip connections (replicate 1); ResNet-8 without skip connections (replicate 1).']);
    expect(v.summary).toBe('Fewer runs: ResNet-8 with skip connections (SGD, batch 128, weight decay 5e-4, learning rate 0.1).');
    expect(v.rows[0].a?.label).toBe('ResNet-8 without skip connections (SGD, batch 128, weight decay 5e-4, learning rate 0.1)');
    expect(JSON.stringify(v)).not.toMatch(/resnet8-/);
    expect(claim.notes[0]).toContain('resnet8-skip, resnet8-noskip');
    // Without a namer the box shows the claim's text as it is.
    expect(verdictView(claim).notes).toEqual(claim.notes);
  });
});
