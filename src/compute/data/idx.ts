/**
 * The IDX format of (Fashion-)MNIST: big-endian magic [0, 0, dtype, ndim], ndim uint32 dimensions, then data.
 * Only unsigned bytes (dtype 0x08) occur in these data sets, and only those are accepted.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DataError, requireRegularFile } from './errors.js';

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const UBYTE = 0x08;

/** Parse an (already decompressed) IDX buffer; `file` only labels errors. */
export function parseIdx(buf: Uint8Array, file: string, expectedNdim?: number): IdxArray {
  if (buf.length < 4) throw new DataError(file, `truncated: ${buf.length} bytes, too short for the 4-byte IDX magic number`);
  if (buf[0] !== 0 || buf[1] !== 0) {
    const got = [...buf.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new DataError(file, `bad magic number ${got}: expected 00 00 08 0N (an IDX file of unsigned bytes)`);
  }
  if (buf[2] !== UBYTE) throw new DataError(file, `IDX data type 0x${buf[2].toString(16)}: expected 0x08 (unsigned byte)`);
  const ndim = buf[3];
  if (ndim < 1 || (expectedNdim !== undefined && ndim !== expectedNdim)) {
    throw new DataError(file, `IDX has ${ndim} dimensions: expected ${expectedNdim ?? 'at least 1'}`);
  }
  const headerBytes = 4 + 4 * ndim;
  if (buf.length < headerBytes) throw new DataError(file, `truncated header: ${buf.length} bytes, expected at least ${headerBytes}`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const dims = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  const body = buf.length - headerBytes;
  if (body < size) {
    throw new DataError(file, `truncated: header says ${dims.join('×')} = ${size} bytes of data, file has ${body}`);
  }
  if (body > size) throw new DataError(file, `${body - size} unexpected trailing bytes after ${dims.join('×')} values`);
  return { dims, data: buf.subarray(headerBytes, headerBytes + size) };
}

/** Read an IDX file, gunzipping it when its name ends in .gz. */
export function readIdxFile(file: string, expectedNdim?: number): IdxArray {
  requireRegularFile(file, 'an IDX file');
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataError(file, code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? (e as Error).message})`);
  }
  let buf: Uint8Array = raw;
  if (file.endsWith('.gz')) {
    try {
      buf = gunzipSync(raw);
    } catch (e) {
      throw new DataError(file, `not a valid gzip file (${(e as Error).message}); is it truncated?`);
    }
  }
  return parseIdx(buf, file, expectedNdim);
}

/** Encode an IDX buffer (used by tests and fixtures to make small data sets). */
export function encodeIdx(dims: number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  out.set([0, 0, UBYTE, dims.length]);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
