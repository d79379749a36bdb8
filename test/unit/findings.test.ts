import { describe, expect, it } from 'vitest';
import { basinHalfWidth, correlation, radialNonMonotonicity, rimRise } from '../../src/lib/findings';
import type { Curve1D, Surface2D } from '../../src/lib/schema';

function surface(f: (a: number, b: number) => number, n = 5): Surface2D {
  const axis = Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
  const values = axis.flatMap((b) => axis.map((a) => f(a, b)));
  return {
    kind: 'surface2d',
    id: 's',
    title: 's',
    directions: { seed: 1, normalization: 'filter', biasBn: 'ignore' },
    x: axis,
    y: axis,
    metrics: { trainLoss: values, testLoss: values, trainAccuracy: values, testAccuracy: values },
    evaluated: { train: 1, test: 1 },
  };
}

describe('surface statistics', () => {
  it('a bowl is radially monotone; a dip ring is not', () => {
    expect(radialNonMonotonicity(surface((a, b) => a * a + b * b))).toBe(0);
    // Loss rises to r = 0.5, then falls again outward: the outer points dip.
    const ring = surface((a, b) => (Math.hypot(a, b) <= 0.5 ? Math.hypot(a, b) : 1 - Math.hypot(a, b)));
    expect(radialNonMonotonicity(ring)).toBeGreaterThan(0.5);
  });

  it('rim rise is the mean outer loss above the centre', () => {
    // f = a² + b² on a 3×3 grid: the 8 outer points are 1 (edges) and 2 (corners); all have radius ≥ 1.
    expect(rimRise(surface((a, b) => a * a + b * b, 3), 0.99)).toBeCloseTo((4 * 1 + 4 * 2) / 8, 12);
  });
});

describe('1D curve summaries', () => {
  const x = Array.from({ length: 41 }, (_, i) => -1 + i * 0.05);
  it('basin half-width finds the first |α| where the loss exceeds the base by the rise', () => {
    const c = { x, metrics: { trainLoss: x.map((a) => a * a) } } as unknown as Curve1D;
    expect(basinHalfWidth(c, 0.1)).toBeCloseTo(0.35, 9); // 0.35² = 0.1225 > 0.1, 0.3² = 0.09
  });
  it('correlation of perfectly linear pairs is 1, and needs three pairs', () => {
    expect(correlation([[1, 2], [2, 4], [3, 6], [null, 1]])).toBeCloseTo(1, 12);
    expect(correlation([[1, 2], [2, 4]])).toBeNull();
  });
});
