import { describe, expect, it } from 'vitest';
import { design } from '../../src/lib/design';
import type { ExperimentResult, TrainingHistory } from '../../src/lib/schema';
import { siteProfile } from '../../src/site/design';
import { configurationRow, configurations, criteria, formatAccuracy, scheduleOf, scheduleText, testImagesText } from '../../src/site/protocol';
import { experimentFixture } from '../helpers/fixtures';

const history = (lrs: number[], testAccuracy = 0.9, met = true): TrainingHistory => ({
  kind: 'training', id: 'training', diverged: false, evaluated: { train: 1000, test: 10000 },
  convergence: { criterion: 'train loss fell by less than 5 % over the last 3 epochs', met, value: 0.01 },
  epochs: lrs.map((lr, k) => ({ epoch: k + 1, lr, trainLoss: 0.1, trainAccuracy: 0.95, testLoss: 0.3, testAccuracy, seconds: 1 })),
});

describe('site design', () => {
  it('reads the profile from LANDSCAPE_PROFILE, standard by default, and names the accepted ones', () => {
    expect(siteProfile(undefined)).toBe('standard');
    expect(siteProfile('')).toBe('standard');
    expect(siteProfile('quick')).toBe('quick');
    expect(() => siteProfile('huge')).toThrow('LANDSCAPE_PROFILE="huge": unknown profile; expected one of quick, standard, paper');
  });
});

describe('protocol from the data', () => {
  it('reads the step schedule from the epochs’ rates', () => {
    const lrs = [...Array(10).fill(0.1), ...Array(5).fill(0.01), ...Array(5).fill(0.001)];
    const s = scheduleOf(history(lrs));
    expect(s).toEqual({ epochs: 20, drops: [{ after: 10, factor: expect.closeTo(0.1, 12) }, { after: 15, factor: expect.closeTo(0.1, 12) }] });
    expect(scheduleText(s)).toBe('×0.1 after epochs 10 and 15 of 20 (at 50 % and 75 % of training)');
    expect(scheduleText(scheduleOf(history([0.1, 0.1])))).toBe('constant over 2 epochs');
  });

  it('prints accuracies with two decimals, so 88.95 % never reads as the 89 % it missed', () => {
    expect(formatAccuracy({ mean: 0.8895, lo: 0.8871, hi: 0.8919, n: 3 })).toBe('88.95% [88.71, 89.19]');
    expect(formatAccuracy({ mean: 0.9, lo: 0.9, hi: 0.9, n: 1 })).toBe('90.00%');
  });

  it('says whether a test count is the whole test set', () => {
    expect(testImagesText(10000, 'Fashion-MNIST')).toBe('10,000 test images, the whole Fashion-MNIST test set');
    expect(testImagesText(500, 'Fashion-MNIST')).toBe('500 test images (of the 10,000 in the Fashion-MNIST test set)');
  });

  it('lists every compared configuration with its replicates’ ids, from the design', () => {
    const c = configurations(design('quick'));
    expect(c.map((x) => x.key)).toEqual(['batch-sgd-small', 'batch-sgd-large', 'batch-sgd-small-wd', 'batch-sgd-large-wd', 'batch-adam-small', 'batch-adam-large', 'resnet8-skip', 'resnet8-noskip', 'resnet14-skip', 'resnet14-noskip', 'width-16', 'width-64']);
    expect(c[0].ids).toEqual(['batch-sgd-small', 'batch-sgd-small-s2']);
    expect(c.find((x) => x.key === 'resnet14-noskip')).toMatchObject({ family: 'conv', ids: ['resnet14-noskip', 'resnet14-noskip-s2'] });
  });

  it('a row: replicates found, criterion met, accuracy interval, replicates at the target', () => {
    const results: Record<string, ExperimentResult> = {
      a: experimentFixture('a', [history([0.1, 0.1], 0.9, true)]),
      b: experimentFixture('b', [history([0.1, 0.1], 0.88, false)]),
    };
    const row = configurationRow({ key: 'k', label: 'K', family: 'mlp', group: 'G', ids: ['a', 'b', 'c'] }, (id) => results[id] ?? null);
    expect(row).toMatchObject({ planned: 3, found: 2, met: 1, recorded: 2, diverged: 0, target: 0.89, reachedTarget: 1, testImages: [10000] });
    expect(row.testAccuracy!.mean).toBeCloseTo(0.89, 12);
    expect(row.testAccuracy!.n).toBe(2);
    expect(criteria(Object.values(results))).toEqual(['train loss fell by less than 5 % over the last 3 epochs']);
  });
});
