import { describe, expect, it } from 'vitest';
import { curvatureAtZero, fitQuadratic, lossRiseAt, sharpnessSummary, valueAt } from '../../src/compute/landscape/sharpness';

const xs = Array.from({ length: 21 }, (_, i) => -1 + i / 10);
const parabola = (x: number) => 1 + 0.3 * x + 2 * x * x;

describe('sharpness summaries', () => {
  it('fits a parabola exactly and measures its curvature at 0', () => {
    const { a, b, c } = fitQuadratic([-2, -1, 0, 1, 3], [-2, -1, 0, 1, 3].map(parabola));
    expect([a, b, c].map((v) => +v.toFixed(10))).toEqual([1, 0.3, 2]);
    expect(curvatureAtZero(xs, xs.map(parabola))).toBeCloseTo(4, 8);
    // A quartic term biases the fit on the 5 central points (±0.2) by O(h²): 2·0.0443 here.
    expect(Math.abs(curvatureAtZero(xs, xs.map((x) => parabola(x) + x ** 4))! - 4)).toBeLessThan(0.1);
  });

  it('ignores missing (diverged) points and gives null when it cannot fit', () => {
    const loss: Array<number | null> = xs.map(parabola);
    loss[10] = null;
    expect(curvatureAtZero(xs, loss)).toBeCloseTo(4, 8);
    expect(curvatureAtZero([0, 1], [1, 2])).toBeNull();
  });

  it('measures the loss rise at a radius, interpolating between grid points', () => {
    const loss = xs.map((x) => 1 + 2 * x * x);
    expect(lossRiseAt(xs, loss, 0.5)).toBeCloseTo(0.5, 8);
    expect(valueAt(xs, loss, 0.25)).toBeCloseTo((1 + 2 * 0.04 + 1 + 2 * 0.09) / 2, 8);
    expect(lossRiseAt(xs, loss, 2)).toBeNull();
  });

  it('returns a plain record for the Scalars artifact', () => {
    const loss = xs.map((x) => 1 + 2 * x * x);
    const v = sharpnessSummary({ curve: { x: xs, metrics: { trainLoss: loss, testLoss: loss.map((l) => l + 0.5), trainAccuracy: [], testAccuracy: [] } }, hessian: { lambdaMax: 10, lambdaMin: -0.5 } });
    expect(v.trainLossAtMinimizer).toBeCloseTo(1, 8);
    expect(v.testLossAtMinimizer).toBeCloseTo(1.5, 8);
    expect(v.trainCurvature).toBeCloseTo(4, 8);
    expect(v['trainLossRise@1']).toBeCloseTo(2, 8);
    expect(v.lambdaRatio).toBeCloseTo(0.05, 12);
  });
});
