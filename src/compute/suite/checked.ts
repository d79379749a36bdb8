/**
 * Cache files that know whether they are intact: a one-line header with the payload's length and SHA-256, then the
 * payload. Why: a cache is trusted without being recomputed, so a flipped byte in cached weights (measured before
 * this: a result off by 1e25, exit 0) or a hand-edited grid point would flow silently into a published result.
 * A file that fails its check is reported and discarded by the caller, and what it held is computed again.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { writeAtomic } from './store.js';

const MAGIC = 'landscape-cache 1';

export type CheckedRead = { ok: true; payload: Buffer } | { ok: false; reason: string };

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export function writeChecked(file: string, payload: Uint8Array | string): void {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  writeAtomic(file, Buffer.concat([Buffer.from(`${MAGIC} bytes=${body.length} sha256=${sha256(body)}\n`, 'utf8'), body]));
}

/** The payload, or why the file cannot be trusted; null when there is no file. */
export function readChecked(file: string): CheckedRead | null {
  if (!existsSync(file)) return null;
  if (!statSync(file).isFile()) return { ok: false, reason: 'not a regular file' };
  const raw = readFileSync(file);
  const newline = raw.indexOf(10);
  const header = newline < 0 ? '' : raw.subarray(0, newline).toString('utf8');
  const m = /^landscape-cache 1 bytes=(\d+) sha256=([0-9a-f]{64})$/.exec(header);
  if (!m) return { ok: false, reason: 'no checksum header (written by an older version, or not a cache file)' };
  const payload = raw.subarray(newline + 1);
  if (payload.length !== Number(m[1])) return { ok: false, reason: `${payload.length} bytes where the header says ${m[1]} (truncated?)` };
  if (sha256(payload) !== m[2]) return { ok: false, reason: 'checksum mismatch (the file was modified or damaged)' };
  return { ok: true, payload };
}

/** Read a cache file; a damaged one is deleted and reported through `warn`, and counts as absent. */
export function readCheckedOrDiscard(file: string, warn: (line: string) => void): Buffer | null {
  const r = readChecked(file);
  if (r === null) return null;
  if (r.ok) return r.payload;
  warn(`${file}: ${r.reason}; discarded, its contents will be computed again`);
  try {
    rmSync(file, { force: true });
  } catch (e) {
    throw new Error(`${file}: a damaged cache entry that cannot be removed (${(e as Error).message}); remove it by hand`);
  }
  return null;
}
