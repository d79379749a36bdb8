import { describe, expect, it } from 'vitest';
import { bilinear, checkpointReadout, compareReadout, convexityReadout, curveReadout, surfaceReadout } from '../../src/lib/readout';
import { rescale, rescaleCue, sortRows } from '../../src/components/client/run-state';

const metrics = { trainLoss: [0.3, 0.5], testLoss: [0.4, 0.6], trainAccuracy: [0.9, 0.8], testAccuracy: [0.85, 0.75] };

describe('one readout formatter', () => {
  it('reads every figure the same way: position, then train and test loss with accuracies', () => {
    expect(surfaceReadout({ x: [0, 1], y: [0], metrics }, { i: 1, j: 0 })).toBe('α 1.00, β 0: train loss 0.500 (acc 80.0%), test loss 0.600 (acc 75.0%)');
    expect(curveReadout({ x: [-0.5, 0.5], metrics }, 0)).toBe('α -0.50: train loss 0.300 (acc 90.0%), test loss 0.400 (acc 85.0%)');
    expect(compareReadout([0, 1], [0], [{ label: 'A', metrics }, { label: 'B', metrics }], { i: 0, j: 0 })).toBe('α 0, β 0: A: train loss 0.300 (acc 90.0%), test loss 0.400 (acc 85.0%) · B: train loss 0.300 (acc 90.0%), test loss 0.400 (acc 85.0%)');
    expect(convexityReadout({ x: [0], y: [0, 1], lambdaMin: [-0.5, null], lambdaMax: [10, 2], ratio: [0.05, null] }, { i: 0, j: 1 })).toBe('α 0, β 1.00: λmin n/a, λmax 2, |λmin/λmax| n/a');
  });

  it('bilinear interpolation is exact on a plane, null outside or next to a missing value', () => {
    const g = { x: [0, 1, 2], y: [0, 2], values: [0, 1, 2, 4, 5, 6] }; // f = x + 2y
    expect(bilinear(g, 1.5, 1)).toBeCloseTo(3.5, 12);
    expect(bilinear(g, 0, 0)).toBe(0);
    expect(bilinear(g, 2, 2)).toBe(6);
    expect(bilinear(g, 2.1, 1)).toBeNull();
    expect(bilinear({ ...g, values: [0, null, 2, 4, 5, 6] }, 0.5, 0.5)).toBeNull();
  });

  it('a checkpoint: step, epoch, position and the loss on the plane', () => {
    const path = { x: [1, 2], y: [0.5, 0], step: [938, 1876] };
    expect(checkpointReadout(path, 1, 0.2171, 938)).toBe('step 1876 (epoch 2.0), checkpoint 2 of 2: PC1 2.00, PC2 0, train loss on the plane 0.217');
    expect(checkpointReadout(path, 0, null)).toBe('step 938, checkpoint 1 of 2: PC1 1.00, PC2 0.50');
  });
});

describe('explorer table and rescale cue', () => {
  const row = (id: string, lr: number, bs: number, testError: number | null, diverged = false) => ({ id, lr, bs, name: id, diverged, values: { testError, trainLoss: null, lambdaMax: null, lossRise05: null } });
  const rows = [row('a', 0.1, 2048, 0.2), row('b', 0.1, 32, 0.1), row('c', 0.1, 128, null, true), row('d', 0.01, 512, 0.3)];
  it('sorts numerically (32 < 128 < 512 < 2048), missing values last either way', () => {
    expect(sortRows(rows, 'bs', 'ascending').map((r) => r.bs)).toEqual([32, 128, 512, 2048]);
    expect(sortRows(rows, 'testError', 'ascending').map((r) => r.id)).toEqual(['b', 'a', 'd', 'c']);
    expect(sortRows(rows, 'testError', 'descending').map((r) => r.id)).toEqual(['d', 'a', 'b', 'c']);
  });
  it('says when the plane rescales by 1.5× or more, and which way', () => {
    const small = { x: [0, 4] as [number, number], y: [-1, 1] as [number, number] };
    const big = { x: [0, 40] as [number, number], y: [-5, 5] as [number, number] };
    expect(rescale(null, big)).toBeNull();
    expect(rescale(small, big)).toEqual({ factor: 10, direction: 'larger' });
    expect(rescale(big, small)!.direction).toBe('smaller');
    expect(rescaleCue(rescale(small, big), { pc1: 40, pc2: 10 })).toBe('Axes rescaled: this run\'s plane is 10.0× larger (PC1 spans 40, PC2 10 parameter-space units).');
    expect(rescaleCue(rescale(small, { x: [0, 5], y: [-1, 1] }), { pc1: 5, pc2: 2 })).toBeNull();
  });
});
