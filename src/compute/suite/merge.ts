/**
 * `compute merge DIR... --out DIR`: join the result folders of several shards into one, validating every file.
 * The same experiment in two input folders must carry the same config hash (else it is an error naming both files);
 * the newer one is kept. A result already in the target with another config hash is never overwritten silently:
 * the merge stops before writing anything and names each conflict, unless --force says to replace them.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseResult, type ExperimentResult } from '../../lib/schema.js';
import { ResultStore } from './store.js';

export class MergeError extends Error {
  constructor(message: string) {
    super(`merge: ${message}`);
    this.name = 'MergeError';
  }
}

export interface MergeReport {
  /** Written to the target (new there, or newer than what it had). */
  merged: string[];
  /** Already in the target with the same config and not older: left as they were. */
  unchanged: string[];
  /** In the target with another config, replaced under --force. */
  replaced: string[];
}

function readFolder(dir: string): Array<{ result: ExperimentResult; file: string }> {
  if (!existsSync(dir)) throw new MergeError(`${dir}: no such folder`);
  if (!statSync(dir).isDirectory()) throw new MergeError(`${dir}: is a file, not a folder; name the folders the shards wrote (their --out)`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'manifest.json')
    .map((name) => {
      const file = path.join(dir, name);
      return { result: parseResult(readFileSync(file, 'utf8'), file), file };
    });
}

export function mergeResults(sources: string[], outDir: string, { force = false }: { force?: boolean } = {}): MergeReport {
  const chosen = new Map<string, { result: ExperimentResult; file: string }>();
  for (const dir of sources) {
    if (path.resolve(dir) === path.resolve(outDir)) throw new MergeError(`${dir} is also the target (--out); name the target once, with --out`);
    for (const item of readFolder(dir)) {
      const { result, file } = item;
      const seen = chosen.get(result.id);
      if (seen && seen.result.provenance.hash !== result.provenance.hash) {
        throw new MergeError(`${file} and ${seen.file} hold different configs of '${result.id}' (hashes ${result.provenance.hash.slice(0, 12)} vs ${seen.result.provenance.hash.slice(0, 12)})`);
      }
      if (!seen || result.provenance.finishedAt > seen.result.provenance.finishedAt) chosen.set(result.id, item);
    }
  }
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) throw new MergeError(`--out ${outDir}: is a file, not a folder`);
  const store = new ResultStore(outDir);
  const report: MergeReport = { merged: [], unchanged: [], replaced: [] };
  const conflicts: string[] = [];
  const toWrite: ExperimentResult[] = [];
  for (const [id, { result, file }] of [...chosen.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const existing = store.read(id);
    if (existing && existing.provenance.hash !== result.provenance.hash) {
      if (!force) {
        conflicts.push(`  ${store.fileOf(id)} (config ${existing.provenance.hash.slice(0, 12)}, finished ${existing.provenance.finishedAt}) ≠ ${file} (config ${result.provenance.hash.slice(0, 12)}, finished ${result.provenance.finishedAt})`);
        continue;
      }
      report.replaced.push(id);
    } else if (existing && existing.provenance.finishedAt >= result.provenance.finishedAt) {
      report.unchanged.push(id);
      continue;
    } else {
      report.merged.push(id);
    }
    toWrite.push(result);
  }
  if (conflicts.length > 0) {
    throw new MergeError(
      `${conflicts.length} result(s) in ${outDir}/ hold another config than the merged one; nothing was written:\n${conflicts.join('\n')}\n` +
        'Merge into a new folder (--out NEW), or pass --force to replace them.',
    );
  }
  for (const result of toWrite) store.write(result, { manifest: false });
  store.updateManifest();
  return report;
}
