import { describe, expect, it } from 'vitest';
import { design, ids, PROFILES, replicaSeeds } from '../../src/lib/design';
import { claimInputIds } from '../../src/lib/claims';
import { suite } from '../../src/compute/suite/experiments';
import type { RunConfig } from '../../src/compute/suite/config';

describe('design ↔ suite', () => {
  for (const profile of PROFILES) {
    it(`${profile}: every experiment a claim reads is in the suite`, () => {
      const suiteIds = new Set(suite(profile).map((e) => e.id));
      const missing = claimInputIds(design(profile)).filter((id) => !suiteIds.has(id));
      expect(missing).toEqual([]);
    });
  }

  it('replicates differ in initialization, data order and directions, and record their index', () => {
    const d = design('standard');
    const configs = d.seeds.map((s) => suite('standard').find((e) => e.id === ids.batch('sgd-small', s))!.config as RunConfig);
    expect(new Set(configs.map((c) => c.model.initSeed)).size).toBe(d.seeds.length);
    expect(new Set(configs.map((c) => c.train.seed)).size).toBe(d.seeds.length);
    expect(configs.map((c) => c.train.replicate)).toEqual(d.seeds);
    expect(new Set(d.seeds.map((s) => replicaSeeds(s).directions)).size).toBe(d.seeds.length);
  });

  it('small and large batch train for the same number of epochs, on the full test set, in the standard profile', () => {
    const d = design('standard');
    for (const s of d.seeds) {
      const small = suite('standard').find((e) => e.id === ids.batch('sgd-small', s))!.config as RunConfig;
      const large = suite('standard').find((e) => e.id === ids.batch('sgd-large', s))!.config as RunConfig;
      expect(small.train.epochs).toBe(large.train.epochs);
      expect(small.data.evalTest).toBe(10000);
      expect(small.data.evalTrain).toBeGreaterThanOrEqual(10000);
    }
    expect(d.seeds.length).toBeGreaterThanOrEqual(3);
    expect(d.depths.length).toBeGreaterThanOrEqual(3);
    expect(d.curveDirections).toBeGreaterThanOrEqual(5);
  });
});
