/**
 * precomputed/ on disk: one validated JSON per experiment plus manifest.json. Writes are atomic (temp file + rename),
 * so an interrupted run never leaves a half-written result, and a failed run leaves existing files untouched.
 * The manifest is derived: rebuilt from the result files at the start of every run and after every write, so a kill
 * between a result's rename and the manifest's is repaired (and reported) by the next run.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
  parseResult,
  serializeManifest,
  serializeResult,
  SCHEMA_VERSION,
  type ExperimentResult,
  type Manifest,
} from '../../lib/schema.js';

export type ResultStatus =
  | { state: 'missing' }
  | { state: 'fresh'; result: ExperimentResult }
  | { state: 'stale'; result: ExperimentResult; reason: string };

/** A file the store cannot write or read as a result: names the path and the system's reason. */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

const TEMP = /\.(\d+)\.tmp$/;

export function writeAtomic(file: string, text: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    // A full disk or a read-only folder must not leave a half-written temp file behind to fill the disk further.
    rmSync(tmp, { force: true });
    const err = e as NodeJS.ErrnoException;
    throw new StoreError(`cannot write ${file}: ${err.code ? `${err.code} (${describeErrno(err.code)})` : err.message}`);
  }
}

function describeErrno(code: string): string {
  const known: Record<string, string> = {
    ENOSPC: 'no space left on the device',
    EACCES: 'permission denied',
    EROFS: 'read-only file system',
    EISDIR: 'a directory is in the way',
    ENOTDIR: 'a file is in the way of a folder on the path',
    EDQUOT: 'disk quota exceeded',
  };
  return known[code] ?? 'system error';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove the temp files (`*.<pid>.tmp`) that a killed or out-of-space process left in `dir` and its subfolders;
 * files of a process that is still running (another run on the same folder) are left alone. Returns what went.
 */
export function cleanStaleTemps(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const m = TEMP.exec(entry.name);
    if (!m || !entry.isFile() || alive(Number(m[1]))) continue;
    const file = path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
    rmSync(file, { force: true });
    removed.push(file);
  }
  return removed;
}

/** The schemaVersion field of a stored JSON file, or undefined when it cannot be read. */
function storedSchemaVersion(file: string): unknown {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { schemaVersion?: unknown }).schemaVersion;
  } catch {
    return undefined;
  }
}

export class ResultStore {
  constructor(readonly dir: string) {}

  fileOf(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }

  /** The stored result, validated; throws SchemaError (naming file and field) when it is malformed. */
  read(id: string): ExperimentResult | null {
    const file = this.fileOf(id);
    if (!existsSync(file)) return null;
    if (!statSync(file).isFile()) throw new StoreError(`${file}: not a regular file (a directory?); expected the result JSON of '${id}': move it away`);
    return parseResult(readFileSync(file, 'utf8'), file);
  }

  /** Ids of the result files present (every *.json but the manifest). */
  ids(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.json') && f !== MANIFEST)
      .map((f) => f.slice(0, -5))
      .sort();
  }

  /** Up to date when the config hash matches and, where the data is at hand (dataSha), the data hash too. */
  status(id: string, hash: string, dataSha?: string): ResultStatus {
    // A result written under another schema version is stale (recomputed), not malformed.
    const file = this.fileOf(id);
    if (existsSync(file) && statSync(file).isFile() && storedSchemaVersion(file) !== SCHEMA_VERSION) return { state: 'missing' };
    const result = this.read(id);
    if (!result) return { state: 'missing' };
    if (result.provenance.hash !== hash) return { state: 'stale', result, reason: 'config or numerics changed' };
    if (dataSha && result.provenance.data.sha256 !== dataSha) return { state: 'stale', result, reason: 'data changed' };
    return { state: 'fresh', result };
  }

  /** Write a result; `manifest: false` leaves manifest.json to whoever coordinates several writers. */
  write(result: ExperimentResult, { manifest = true }: { manifest?: boolean } = {}): void {
    const file = this.fileOf(result.id);
    writeAtomic(file, serializeResult(result, file));
    if (manifest) this.updateManifest();
  }

  /**
   * Rebuild manifest.json from the result files present, so it never disagrees with them for long. Returns the ids
   * it had to add or drop (a repair after an interrupted run), compared with the manifest that was there. Files of
   * another schema version are left out (they are recomputed, not listed). Writes nothing when nothing changed.
   */
  updateManifest(): { manifest: Manifest; added: string[]; dropped: string[] } {
    const file = path.join(this.dir, MANIFEST);
    const entries = this.ids()
      .filter((id) => storedSchemaVersion(this.fileOf(id)) === SCHEMA_VERSION)
      .map((id) => {
        const r = this.read(id)!;
        return { id: r.id, file: `${id}.json`, hash: r.provenance.hash, title: r.title, finishedAt: r.provenance.finishedAt };
      });
    const manifest: Manifest = { schemaVersion: SCHEMA_VERSION, experiments: entries };
    const before = readManifestIds(file);
    const text = serializeManifest(manifest);
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
      if (entries.length > 0 || existsSync(file)) writeAtomic(file, text);
    }
    const now = new Set(entries.map((e) => e.id));
    return {
      manifest,
      added: before ? [...now].filter((id) => !before.has(id)) : [],
      dropped: before ? [...before].filter((id) => !now.has(id)) : [],
    };
  }
}

const MANIFEST = 'manifest.json';

/** The ids a manifest file lists, or null when there is none or it cannot be read (it is rebuilt either way). */
function readManifestIds(file: string): Set<string> | null {
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as { experiments?: Array<{ id?: unknown }> };
    return new Set((m.experiments ?? []).map((e) => String(e.id)));
  } catch {
    return null;
  }
}
