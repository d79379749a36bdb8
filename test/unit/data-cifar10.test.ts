import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CIFAR10_TEST_FILE, CIFAR10_TRAIN_FILES, loadCifar10, parseCifarBatch } from '../../src/compute/data/cifar10';

/** n records whose label is (seed + r) % 10 and whose pixel bytes encode (channel, position) so layout errors show. */
function batch(n: number, seed: number): Uint8Array {
  const buf = new Uint8Array(n * 3073);
  for (let r = 0; r < n; r++) {
    buf[r * 3073] = (seed + r) % 10;
    for (let c = 0; c < 3; c++) for (let p = 0; p < 1024; p++) buf[r * 3073 + 1 + c * 1024 + p] = (c * 80 + p + r) % 256;
  }
  return buf;
}

describe('CIFAR-10 binary reader', () => {
  it('reads labels and converts CHW bytes to NHWC floats in [0, 1]', () => {
    const d = parseCifarBatch(batch(2, 3), 'b.bin');
    expect(d.n).toBe(2);
    expect(d.shape).toEqual([32, 32, 3]);
    expect([...d.y]).toEqual([3, 4]);
    // record 1, pixel (row 2, col 5) = position 69, channel 2 → byte (160 + 69 + 1) % 256.
    expect(d.x[1 * 3072 + 69 * 3 + 2]).toBeCloseTo(((160 + 69 + 1) % 256) / 255, 6);
    expect(d.x[0]).toBe(0);
  });

  it('names the file and the problem for truncation and bad labels', () => {
    expect(() => parseCifarBatch(batch(2, 0).subarray(0, 5000), 'data_batch_1.bin')).toThrow(/data_batch_1\.bin: 5000 bytes is not a whole number of 3073-byte records/);
    const bad = batch(2, 0);
    bad[3073] = 12;
    expect(() => parseCifarBatch(bad, 'x.bin')).toThrow(/x\.bin: record 1 .* label 12: expected 0–9/);
    expect(() => parseCifarBatch(new Uint8Array(0), 'e.bin')).toThrow(/e\.bin: empty file/);
  });

  it('loads the five training batches and the test batch from a folder; names a missing file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cifar-'));
    CIFAR10_TRAIN_FILES.forEach((f, i) => writeFileSync(path.join(dir, f), batch(3, i)));
    writeFileSync(path.join(dir, CIFAR10_TEST_FILE), batch(4, 9));
    const split = loadCifar10(dir);
    expect(split.train.n).toBe(15);
    expect(split.test.n).toBe(4);
    expect(split.train.y[3]).toBe(1);
    expect(split.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    const empty = mkdtempSync(path.join(tmpdir(), 'cifar-'));
    expect(() => loadCifar10(empty)).toThrow(/data_batch_1\.bin: file not found/);
  });
});
