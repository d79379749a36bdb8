/** TensorFlow's 'same' padding along one axis: output ⌈n/s⌉, total pad split with the smaller half first. */
export function samePadding(n: number, k: number, s: number): { out: number; before: number; after: number } {
  const out = Math.ceil(n / s);
  const total = Math.max((out - 1) * s + k - n, 0);
  const before = Math.floor(total / 2);
  return { out, before, after: total - before };
}
