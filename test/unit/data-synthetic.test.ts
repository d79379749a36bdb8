import { describe, expect, it } from 'vitest';
import { twoSpirals } from '../../src/compute/data/synthetic';

describe('two spirals', () => {
  it('is seeded, balanced, and two interleaved arms', () => {
    const a = twoSpirals({ n: 400, seed: 1 });
    const b = twoSpirals({ n: 400, seed: 1 });
    const c = twoSpirals({ n: 400, seed: 2 });
    expect([...a.x]).toEqual([...b.x]);
    expect([...a.x]).not.toEqual([...c.x]);
    expect(a.y.reduce((s, v) => s + v, 0)).toBe(200);
    expect(a.shape).toEqual([1, 1, 2]);
    // Arm 1 is arm 0 rotated by π: every arm-1 point, negated, lies close to some arm-0 point.
    const pts = (label: number) => [...a.y.keys()].filter((i) => a.y[i] === label).map((i) => [a.x[2 * i], a.x[2 * i + 1]]);
    const arm0 = pts(0);
    for (const [x, y] of pts(1).slice(0, 50)) {
      const d = Math.min(...arm0.map(([u, v]) => Math.hypot(u + x, v + y)));
      expect(d).toBeLessThan(0.25);
    }
  });
});
