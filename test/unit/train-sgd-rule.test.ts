/**
 * Sgd applies PyTorch's rule with float32 roundings in a fixed order:
 *   g ← ∇L + wd·θ;  v ← μ·v + g;  θ ← θ − lr·(nesterov ? g + μ·v : v)
 * checked bit for bit against the same arithmetic on the host (Math.fround after every operation), on the wasm and cpu
 * backends, so that restructuring the update (one AddN for the velocity) cannot change a trained network.
 */
import { describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../../src/compute/tf';
import { initBackend } from '../../src/compute/backend/index';
import { Sgd, type SgdOptions } from '../../src/compute/train/optimizer';
import { mulberry32 } from '../../src/compute/random';

const f = Math.fround;

function reference(theta: Float32Array[], gradsPerStep: Float32Array[][], o: Required<SgdOptions>): Float32Array[] {
  const p = theta.map((t) => Float32Array.from(t));
  const v = theta.map((t) => new Float32Array(t.length));
  const [lr, mu, wd] = [f(o.lr), f(o.momentum), f(o.weightDecay)];
  for (const grads of gradsPerStep) {
    p.forEach((pi, i) => {
      for (let j = 0; j < pi.length; j++) {
        let g = grads[i][j];
        if (o.weightDecay > 0) g = f(g + f(pi[j] * wd));
        let u = g;
        if (o.momentum > 0) {
          v[i][j] = f(f(v[i][j] * mu) + g);
          u = o.nesterov ? f(g + f(v[i][j] * mu)) : v[i][j];
        }
        pi[j] = f(pi[j] - f(u * lr));
      }
    });
  }
  return p;
}

describe('Sgd: PyTorch rule, float32, bit for bit', () => {
  for (const backend of ['wasm', 'cpu'] as const) {
    for (const o of [
      { lr: 0.05, momentum: 0.9, nesterov: false, weightDecay: 5e-4 },
      { lr: 0.1, momentum: 0.9, nesterov: false, weightDecay: 0 },
      { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 5e-4 },
      { lr: 0.3, momentum: 0, nesterov: false, weightDecay: 5e-4 },
    ]) {
      it(`${backend}: ${JSON.stringify(o)}`, async () => {
        await initBackend(backend);
        const u = mulberry32(3);
        const r = (n: number) => Float32Array.from({ length: n }, () => u() * 2 - 1);
        const shapes = [[3, 3, 2, 4], [4], [7, 5]];
        const theta = shapes.map((s) => r(s.reduce((a, b) => a * b, 1)));
        const steps = [0, 1, 2].map(() => theta.map((t) => r(t.length)));
        const expected = reference(theta, steps, o);
        const params = theta.map((t, i) => tf.variable(tf.tensor(t, shapes[i])));
        const sgd = new Sgd(o);
        for (const grads of steps) {
          const g = grads.map((t, i) => tf.tensor(t, shapes[i]));
          sgd.step(params, g);
          tf.dispose(g);
        }
        const got = params.map((p) => p.dataSync() as Float32Array);
        got.forEach((a, i) => expect(Array.from(a)).toEqual(Array.from(expected[i])));
        tf.dispose(params);
        sgd.dispose();
      });
    }
  }
});
