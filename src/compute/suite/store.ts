/**
 * precomputed/ on disk: one validated JSON per experiment plus manifest.json. Writes are atomic (temp file + rename),
 * so an interrupted run never leaves a half-written result, and a failed run leaves existing files untouched.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
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

export function writeAtomic(file: string, text: string | Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
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
    return parseResult(readFileSync(file, 'utf8'), file);
  }

  /** Up to date when the config hash matches and, where the data is at hand (dataSha), the data hash too. */
  status(id: string, hash: string, dataSha?: string): ResultStatus {
    // A result written under another schema version is stale (recomputed), not malformed.
    const file = this.fileOf(id);
    if (existsSync(file) && storedSchemaVersion(file) !== SCHEMA_VERSION) return { state: 'missing' };
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

  /** Rebuild manifest.json from the result files present (so it can never disagree with them). */
  updateManifest(): Manifest {
    const files = existsSync(this.dir) ? readdirSync(this.dir).filter((f) => f.endsWith('.json') && f !== 'manifest.json').sort() : [];
    const manifest: Manifest = {
      schemaVersion: SCHEMA_VERSION,
      experiments: files
        .map((f) => {
          const r = parseResult(readFileSync(path.join(this.dir, f), 'utf8'), path.join(this.dir, f));
          return { id: r.id, file: f, hash: r.provenance.hash, title: r.title, finishedAt: r.provenance.finishedAt };
        })
        .sort((a, b) => (a.id < b.id ? -1 : 1)),
    };
    writeAtomic(path.join(this.dir, 'manifest.json'), serializeManifest(manifest));
    return manifest;
  }
}
