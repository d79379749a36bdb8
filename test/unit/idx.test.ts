import { describe, expect, it } from 'vitest';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeIdx, parseIdx, readIdxFile } from '../../src/compute/data/idx';
import { loadFashionMnist } from '../../src/compute/data/fashionMnist';
import { makeFashionMnistDir } from '../helpers/fixtures';

describe('IDX reader', () => {
  it('round-trips dims and bytes', () => {
    const data = Uint8Array.from({ length: 24 }, (_, i) => i);
    const parsed = parseIdx(encodeIdx([2, 3, 4], data), 'x.idx');
    expect(parsed.dims).toEqual([2, 3, 4]);
    expect([...parsed.data]).toEqual([...data]);
  });

  it('names the file and the problem for a wrong magic number', () => {
    const buf = encodeIdx([1, 2, 2], new Uint8Array(4));
    buf[0] = 0x1f;
    expect(() => parseIdx(buf, 'images.idx')).toThrow(/images\.idx: bad magic number 1f 00 08 03/);
  });

  it('rejects a truncated body with the expected and actual sizes', () => {
    const buf = encodeIdx([2, 2, 2], new Uint8Array(8)).subarray(0, 4 + 12 + 5);
    expect(() => parseIdx(buf, 'a.idx')).toThrow(/a\.idx: truncated: header says 2×2×2 = 8 bytes of data, file has 5/);
  });

  it('rejects a wrong number of dimensions and a wrong data type', () => {
    expect(() => parseIdx(encodeIdx([4], new Uint8Array(4)), 'l.idx', 3)).toThrow(/l\.idx: IDX has 1 dimensions: expected 3/);
    const buf = encodeIdx([4], new Uint8Array(4));
    buf[2] = 0x0d;
    expect(() => parseIdx(buf, 'f.idx')).toThrow(/data type 0xd: expected 0x08/);
  });

  it('reports a truncated gzip file by name', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'idx-'));
    const file = path.join(dir, 'bad.gz');
    const gz = gzipSync(encodeIdx([100], new Uint8Array(100)));
    writeFileSync(file, gz.subarray(0, gz.length - 10));
    expect(() => readIdxFile(file)).toThrow(new RegExp(`${file}: not a valid gzip file`));
  });

  it('loads a Fashion-MNIST folder, scaling pixels to [0, 1]', () => {
    const dir = makeFashionMnistDir({ train: 30, test: 20 });
    const split = loadFashionMnist(dir);
    expect(split.train.n).toBe(30);
    expect(split.test.n).toBe(20);
    expect(split.train.shape).toEqual([28, 28, 1]);
    expect(Math.max(...split.train.x)).toBeLessThanOrEqual(1);
    expect(split.train.y[13]).toBe(3);
    expect(split.source.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects labels outside 0–9, naming the file and the index', () => {
    const dir = makeFashionMnistDir({ train: 10, test: 10 });
    const labels = new Uint8Array(10).fill(1);
    labels[6] = 12;
    writeFileSync(path.join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(encodeIdx([10], labels)));
    expect(() => loadFashionMnist(dir)).toThrow(/t10k-labels-idx1-ubyte\.gz: label 12 at index 6: expected 0–9/);
  });

  it('says where it looked when the data is missing', () => {
    expect(() => loadFashionMnist('/nonexistent/fmnist')).toThrow(/\/nonexistent\/fmnist\/train-images-idx3-ubyte\.gz: file not found/);
  });
});
