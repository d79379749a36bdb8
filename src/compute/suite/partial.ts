/**
 * Work in progress, persisted so that an interrupted run (Ctrl-C, kill -9, a crash) loses at most about a second:
 *   <out>/.partial/<id>-<hash12>.json   finished artifacts and finished grid points of the experiment in progress
 *   <out>/.partial/weights/<key>.bin    trained weights, keyed by the hash of everything training depends on
 * Every write is atomic (temp file + rename) and checksummed (checked.ts): a damaged or edited file is reported,
 * discarded and recomputed, never merged into a result. A rerun with the same config hash picks up where the last
 * one stopped; --force ignores what is there.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Artifact } from '../../lib/schema.js';
import type { Weights } from '../models/params.js';
import { readChecked, readCheckedOrDiscard, writeChecked } from './checked.js';

export const PARTIAL_DIR = '.partial';

/** Values of one grid point, in the order of the `metrics` names the owner chose. */
type PointValues = Array<number | null>;

interface PartialFile {
  hash: string;
  /** Points from another backend are not mixed into a result: numbers differ in the last bits between backends. */
  backend: string;
  artifacts: Record<string, Artifact>;
  /** finished probe id → the ids of the artifacts it made */
  probes?: Record<string, string[]>;
  /** grid id → point index → values */
  points: Record<string, Record<string, PointValues>>;
}

export interface CacheOptions {
  /** Start empty whatever is on disk (--force). */
  ignoreExisting?: boolean;
  /** Where warnings about discarded cache entries go. */
  warn?: (line: string) => void;
}

const open = new Set<PartialState>();

/** Flush every partial state with unsaved points (the CLI calls this on Ctrl-C before exiting). */
export function flushAllPartials(): void {
  for (const p of open) if (p.hasUnflushed) p.flush();
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The parsed file when its shape is a PartialFile's (the checksum vouches for the bytes, this for the writer). */
function asPartialFile(value: unknown): PartialFile | null {
  if (!isRecord(value) || typeof value.hash !== 'string' || typeof value.backend !== 'string') return null;
  if (!isRecord(value.artifacts) || !isRecord(value.points) || (value.probes !== undefined && !isRecord(value.probes))) return null;
  return value as unknown as PartialFile;
}

export class PartialState {
  private state: PartialFile;
  private dirty = false;
  private lastFlush = 0;
  readonly file: string;
  private readonly warn: (line: string) => void;

  constructor(
    readonly outDir: string,
    readonly id: string,
    readonly hash: string,
    readonly backend: string,
    /** Minimum milliseconds between flushes of grid points (0 = every point). */
    readonly flushIntervalMs = 1000,
    { ignoreExisting = false, warn = () => {} }: CacheOptions = {},
  ) {
    this.file = PartialState.fileFor(outDir, id, hash);
    this.warn = warn;
    this.state = { hash, backend, artifacts: {}, points: {} };
    const loaded = ignoreExisting ? null : PartialState.load(this.file, warn);
    if (loaded && loaded.hash === hash && loaded.backend === backend) this.state = loaded;
    open.add(this);
  }

  private static load(file: string, warn: (line: string) => void): PartialFile | null {
    const payload = readCheckedOrDiscard(file, warn);
    if (!payload) return null;
    let parsed: PartialFile | null = null;
    try {
      parsed = asPartialFile(JSON.parse(payload.toString('utf8')));
    } catch {
      /* reported below */
    }
    if (!parsed) warn(`${file}: not a progress file of this version; ignored, its work will be computed again`);
    return parsed;
  }

  artifact<A extends Artifact>(id: string): A | undefined {
    return this.state.artifacts[id] as A | undefined;
  }

  saveArtifact(artifact: Artifact): void {
    this.state.artifacts[artifact.id] = artifact;
    this.flush(true);
  }

  /** Mark a probe finished with the artifacts it made (saved in the same write). */
  saveProbe(probeId: string, artifacts: Artifact[]): void {
    for (const a of artifacts) this.state.artifacts[a.id] = a;
    (this.state.probes ??= {})[probeId] = artifacts.map((a) => a.id);
    this.flush(true);
  }

  /** The artifacts of a finished probe, or undefined when it has not finished. */
  probeArtifacts(probeId: string): Artifact[] | undefined {
    const ids = this.state.probes?.[probeId];
    if (!Array.isArray(ids)) return undefined;
    const found = ids.map((id) => this.state.artifacts[id]);
    return found.every((a) => a !== undefined) ? found : undefined;
  }

  /**
   * Points of a grid already computed, index → values. `total` points with `width` values each: a stored point
   * outside the grid or of another width means the file does not belong to this grid, so all of its points are
   * dropped (with a warning naming the file and the point) and computed again.
   */
  points(grid: string, { total, width }: { total: number; width: number }): Map<number, PointValues> {
    const stored = this.state.points[grid] ?? {};
    const out = new Map<number, PointValues>();
    for (const [key, values] of Object.entries(stored)) {
      const index = Number(key);
      const valid =
        Number.isInteger(index) && index >= 0 && index < total && Array.isArray(values) && values.length === width && values.every((v) => v === null || typeof v === 'number');
      if (!valid) {
        this.warn(`${this.file}: point ${grid}[${key}] does not fit a grid of ${total} points with ${width} values; the grid's ${Object.keys(stored).length} stored points are discarded and computed again`);
        delete this.state.points[grid];
        return new Map();
      }
      out.set(index, values);
    }
    return out;
  }

  recordPoint(grid: string, index: number, values: PointValues): void {
    (this.state.points[grid] ??= {})[String(index)] = values;
    this.dirty = true;
    this.flush(false);
  }

  flush(force = true): void {
    const now = Date.now();
    if (!force && now - this.lastFlush < this.flushIntervalMs) return;
    writeChecked(this.file, JSON.stringify(this.state, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));
    this.lastFlush = now;
    this.dirty = false;
  }

  static fileFor(outDir: string, id: string, hash: string): string {
    return path.join(outDir, PARTIAL_DIR, `${id}-${hash.slice(0, 12)}.json`);
  }

  /** What a progress file holds (finished probes, points per grid), or null when there is none or it is damaged. */
  static progress(outDir: string, id: string, hash: string): { probes: string[]; points: Record<string, number> } | null {
    const r = readChecked(PartialState.fileFor(outDir, id, hash));
    if (!r?.ok) return null;
    try {
      const state = asPartialFile(JSON.parse(r.payload.toString('utf8')));
      if (!state) return null;
      return { probes: Object.keys(state.probes ?? {}), points: Object.fromEntries(Object.entries(state.points).map(([g, p]) => [g, Object.keys(p).length])) };
    } catch {
      return null;
    }
  }

  /** The experiment is stored in its final form: forget its progress. */
  static clear(outDir: string, id: string, hash: string): void {
    const file = PartialState.fileFor(outDir, id, hash);
    for (const p of open) if (p.file === file) open.delete(p);
    rmSync(file, { force: true });
  }

  get hasUnflushed(): boolean {
    return this.dirty;
  }
}

/** Trained weights on disk (checksummed): a JSON header line (shapes and training facts), then Float32 values, little-endian. */
export class WeightsCache {
  private readonly warn: (line: string) => void;
  private readonly ignoreExisting: boolean;

  constructor(
    readonly outDir: string,
    { ignoreExisting = false, warn = () => {} }: CacheOptions = {},
  ) {
    this.warn = warn;
    this.ignoreExisting = ignoreExisting;
  }

  private fileOf(name: string): string {
    return path.join(this.outDir, PARTIAL_DIR, 'weights', name);
  }

  loadBytes(name: string): Uint8Array | null {
    if (this.ignoreExisting) return null;
    const payload = readCheckedOrDiscard(this.fileOf(name), this.warn);
    return payload ? new Uint8Array(payload) : null;
  }

  saveBytes(name: string, bytes: Uint8Array): void {
    writeChecked(this.fileOf(name), bytes);
  }

  load(key: string): { weights: Weights; meta: unknown } | null {
    const buf = this.loadBytes(`${key}.bin`);
    if (!buf) return null;
    try {
      const newline = buf.indexOf(10);
      const header = JSON.parse(Buffer.from(buf.subarray(0, newline)).toString('utf8')) as { sizes: number[]; meta: unknown };
      const body = buf.subarray(newline + 1);
      const all = new Float32Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
      let offset = 0;
      const weights = header.sizes.map((n) => all.slice(offset, (offset += n)));
      if (offset !== all.length) throw new Error(`${all.length} values where the header's sizes add up to ${offset}`);
      // A diverged training's weights may be non-finite; anyone else's may not.
      if ((header.meta as { diverged?: boolean } | null)?.diverged !== true && weights.some((w) => w.some((v) => !Number.isFinite(v)))) throw new Error('non-finite values');
      return { weights, meta: header.meta };
    } catch (e) {
      this.warn(`${this.fileOf(`${key}.bin`)}: unreadable trained weights (${(e as Error).message}); training again`);
      return null;
    }
  }

  save(key: string, weights: Weights, meta: unknown): void {
    const header = Buffer.from(JSON.stringify({ sizes: weights.map((w) => w.length), meta }) + '\n', 'utf8');
    const total = weights.reduce((s, w) => s + w.length, 0);
    const body = new Float32Array(total);
    let offset = 0;
    for (const w of weights) {
      body.set(w, offset);
      offset += w.length;
    }
    this.saveBytes(`${key}.bin`, Buffer.concat([header, Buffer.from(body.buffer)]));
  }
}
