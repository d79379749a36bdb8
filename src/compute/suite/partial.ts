/**
 * Work in progress, persisted so that an interrupted run (Ctrl-C, kill -9, a crash) loses at most about a second:
 *   <out>/.partial/<id>-<hash12>.json   finished artifacts and finished grid points of the experiment in progress
 *   <out>/.partial/weights/<key>.bin    trained weights, keyed by the hash of everything training depends on
 * Every write is atomic (temp file + rename). A rerun with the same config hash picks up where the last one stopped.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Artifact } from '../../lib/schema.js';
import type { Weights } from '../models/params.js';
import { writeAtomic } from './store.js';

export const PARTIAL_DIR = '.partial';

/** Values of one grid point, in the order of the `metrics` names the owner chose. */
type PointValues = Array<number | null>;

interface PartialFile {
  hash: string;
  /** Points from another backend are not mixed into a result: numbers differ in the last bits between backends. */
  backend: string;
  artifacts: Record<string, Artifact>;
  /** finished probe id → the ids of the artifacts it made (absent in partial files of older versions) */
  probes?: Record<string, string[]>;
  /** grid id → point index → values */
  points: Record<string, Record<string, PointValues>>;
}

const open = new Set<PartialState>();

/** Flush every partial state with unsaved points (the CLI calls this on Ctrl-C before exiting). */
export function flushAllPartials(): void {
  for (const p of open) if (p.hasUnflushed) p.flush();
}

export class PartialState {
  private state: PartialFile;
  private dirty = false;
  private lastFlush = 0;
  readonly file: string;

  constructor(
    readonly outDir: string,
    readonly id: string,
    readonly hash: string,
    readonly backend: string,
    /** Minimum milliseconds between flushes of grid points (0 = every point). */
    readonly flushIntervalMs = 1000,
  ) {
    this.file = PartialState.fileFor(outDir, id, hash);
    this.state = { hash, backend, artifacts: {}, points: {} };
    if (existsSync(this.file)) {
      try {
        const loaded = JSON.parse(readFileSync(this.file, 'utf8')) as PartialFile;
        if (loaded.hash === hash && loaded.backend === backend) this.state = loaded;
      } catch {
        // A partial file is a cache: if it cannot be read, start over rather than fail.
      }
    }
    open.add(this);
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
    if (!ids) return undefined;
    const found = ids.map((id) => this.state.artifacts[id]);
    return found.every((a) => a !== undefined) ? found : undefined;
  }

  /** Points of a grid already computed, index → values. */
  points(grid: string): Map<number, PointValues> {
    return new Map(Object.entries(this.state.points[grid] ?? {}).map(([k, v]) => [Number(k), v]));
  }

  recordPoint(grid: string, index: number, values: PointValues): void {
    (this.state.points[grid] ??= {})[String(index)] = values;
    this.dirty = true;
    this.flush(false);
  }

  flush(force = true): void {
    const now = Date.now();
    if (!force && now - this.lastFlush < this.flushIntervalMs) return;
    writeAtomic(this.file, JSON.stringify(this.state, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));
    this.lastFlush = now;
    this.dirty = false;
  }

  static fileFor(outDir: string, id: string, hash: string): string {
    return path.join(outDir, PARTIAL_DIR, `${id}-${hash.slice(0, 12)}.json`);
  }

  /** The experiment is stored in its final form: forget its progress. */
  static clear(outDir: string, id: string, hash: string): void {
    rmSync(PartialState.fileFor(outDir, id, hash), { force: true });
  }

  get hasUnflushed(): boolean {
    return this.dirty;
  }
}

/** Trained weights on disk: a JSON header line (shapes) followed by the Float32 values, little-endian. */
export class WeightsCache {
  constructor(readonly outDir: string) {}

  private fileOf(key: string): string {
    return path.join(this.outDir, PARTIAL_DIR, 'weights', `${key}.bin`);
  }

  loadBytes(name: string): Uint8Array | null {
    const file = path.join(this.outDir, PARTIAL_DIR, 'weights', name);
    return existsSync(file) ? new Uint8Array(readFileSync(file)) : null;
  }

  saveBytes(name: string, bytes: Uint8Array): void {
    writeAtomic(path.join(this.outDir, PARTIAL_DIR, 'weights', name), bytes);
  }

  load(key: string): { weights: Weights; meta: unknown } | null {
    const file = this.fileOf(key);
    if (!existsSync(file)) return null;
    try {
      const buf = readFileSync(file);
      const newline = buf.indexOf(10);
      const header = JSON.parse(buf.subarray(0, newline).toString('utf8')) as { sizes: number[]; meta: unknown };
      const body = buf.subarray(newline + 1);
      const all = new Float32Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
      let offset = 0;
      const weights = header.sizes.map((n) => all.slice(offset, (offset += n)));
      if (offset !== all.length) return null;
      return { weights, meta: header.meta };
    } catch {
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
    writeAtomic(this.fileOf(key), Buffer.concat([header, Buffer.from(body.buffer)]));
  }
}
