import { describe, expect, it } from 'vitest';
import { extremes } from '../../src/site/runs';
import { finiteRange, sharedRiseDomain } from '../../src/lib/scales';

describe('what the caption and the prose both say about a set of runs', () => {
  it('extremes: the runs with the lowest and highest value, runs without one skipped, null when none has one', () => {
    const runs = [{ id: 'a', v: 0.3 }, { id: 'b', v: null }, { id: 'c', v: 0.1 }, { id: 'd', v: 0.8 }] as any[];
    const e = extremes(runs, (r: any) => r.v)!;
    expect([e.lowest.id, e.highest.id]).toEqual(['c', 'd']);
    expect(extremes(runs, () => null)).toBeNull();
  });
  it('finiteRange is the raw range (equal ends kept); flat panels set no rise', () => {
    expect(finiteRange([2, null, 2, NaN])).toEqual([2, 2]);
    expect(finiteRange([null])).toBeNull();
    expect(sharedRiseDomain([[2, 2], [1, 3.5]])).toEqual([0.01, 2.5]);
  });
});
