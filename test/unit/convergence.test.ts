import { describe, expect, it } from 'vitest';
import { convergence, PLATEAU } from '../../src/compute/train/convergence';

describe('convergence (train-loss plateau)', () => {
  it('is met when the last epochs improve by less than the tolerance', () => {
    const c = convergence([1, 0.5, 0.4, 0.39, 0.385, 0.384], false);
    expect(c.met).toBe(true);
    expect(c.value).toBeCloseTo((0.4 - 0.384) / 0.4, 12);
  });
  it('is not met while the loss still falls', () => {
    const c = convergence([1, 0.8, 0.6, 0.5, 0.4], false);
    expect(c.met).toBe(false);
    expect(c.value).toBeCloseTo((0.8 - 0.4) / 0.8, 12);
  });
  it('needs window + 1 epochs, and a finite, non-diverged history', () => {
    expect(convergence([1, 0.9, 0.8], false)).toMatchObject({ met: false, value: null });
    expect(convergence([1, 0.9, 0.9, 0.9, 0.9], true)).toMatchObject({ met: false, value: null });
    expect(convergence([1, null, 0.9, 0.9, 0.9], false)).toMatchObject({ met: false, value: null });
  });
  it('states its rule with its numbers', () => {
    expect(convergence([1, 1, 1, 1], false).criterion).toContain(`${PLATEAU.window} epochs`);
  });
});
