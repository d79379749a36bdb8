/**
 * Weights saved during training (for PCA trajectories), and a compact binary form for them: float32 little-endian,
 * one header. 100 checkpoints of a 270k-parameter ResNet are 108 MB as Float32 and several times that as JSON.
 *
 * Layout: "LSCK" | u32 version | u32 header bytes | header JSON (UTF-8, space-padded to a multiple of 4) |
 *         for each checkpoint, for each spec: float32 values.
 */
import { DataError } from '../data/errors.js';
import { sizeOf, type ParamSpec, type Weights } from '../models/params.js';

export interface Checkpoint {
  /** Optimizer steps taken before these weights (0 = initial weights). */
  step: number;
  /** Epochs completed, fractional (step / steps per epoch). */
  epoch: number;
  weights: Weights;
}

const MAGIC = 'LSCK';
const VERSION = 1;

interface Header {
  specs: Array<{ name: string; shape: number[] }>;
  checkpoints: Array<{ step: number; epoch: number }>;
}

export function encodeCheckpoints(specs: ParamSpec[], checkpoints: Checkpoint[]): Uint8Array {
  const header: Header = {
    specs: specs.map((s) => ({ name: s.name, shape: s.shape })),
    checkpoints: checkpoints.map(({ step, epoch }) => ({ step, epoch })),
  };
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 4) * 4;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const perCheckpoint = specs.reduce((n, s) => n + sizeOf(s.shape), 0);
  const out = new Uint8Array(12 + json.length + 4 * perCheckpoint * checkpoints.length);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, json.length, true);
  out.set(json, 12);
  let offset = 12 + json.length;
  for (const c of checkpoints) {
    c.weights.forEach((w, p) => {
      if (w.length !== sizeOf(specs[p].shape)) {
        throw new Error(`encodeCheckpoints: checkpoint at step ${c.step}, ${specs[p].name} has ${w.length} values, expected ${sizeOf(specs[p].shape)}`);
      }
      for (let i = 0; i < w.length; i++, offset += 4) view.setFloat32(offset, w[i], true);
    });
  }
  return out;
}

/** Parse what encodeCheckpoints wrote; `file` labels errors. */
export function decodeCheckpoints(buf: Uint8Array, file: string): { specs: Header['specs']; checkpoints: Checkpoint[] } {
  if (buf.length < 12 || new TextDecoder().decode(buf.subarray(0, 4)) !== MAGIC) {
    throw new DataError(file, `not a checkpoint file: expected the magic "${MAGIC}" in the first 4 bytes`);
  }
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const version = view.getUint32(4, true);
  if (version !== VERSION) throw new DataError(file, `checkpoint format version ${version}: expected ${VERSION}`);
  const headerBytes = view.getUint32(8, true);
  if (12 + headerBytes > buf.length) throw new DataError(file, `truncated: header of ${headerBytes} bytes, file has ${buf.length - 12}`);
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(buf.subarray(12, 12 + headerBytes)));
  } catch (e) {
    throw new DataError(file, `malformed header JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(header.specs) || !Array.isArray(header.checkpoints)) {
    throw new DataError(file, 'header must have arrays "specs" and "checkpoints"');
  }
  const perCheckpoint = header.specs.reduce((n, s) => n + sizeOf(s.shape), 0);
  const expected = 12 + headerBytes + 4 * perCheckpoint * header.checkpoints.length;
  if (buf.length !== expected) {
    throw new DataError(file, `${buf.length} bytes: header describes ${header.checkpoints.length} checkpoints of ${perCheckpoint} floats, ${expected} bytes`);
  }
  let offset = 12 + headerBytes;
  const checkpoints = header.checkpoints.map(({ step, epoch }) => ({
    step,
    epoch,
    weights: header.specs.map((s) => {
      const n = sizeOf(s.shape);
      const w = new Float32Array(n);
      for (let i = 0; i < n; i++, offset += 4) w[i] = view.getFloat32(offset, true);
      return w;
    }),
  }));
  return { specs: header.specs, checkpoints };
}
