/**
 * `compute merge`: join the result folders of several shards into one, validating every file. The same experiment
 * in two folders must carry the same hash (else it is an error naming both files); the newer one is kept.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseResult, type ExperimentResult } from '../../lib/schema.js';
import { ResultStore } from './store.js';

export function mergeResults(sources: string[], outDir: string): { merged: string[] } {
  const chosen = new Map<string, { result: ExperimentResult; file: string }>();
  for (const dir of sources) {
    if (!existsSync(dir)) throw new Error(`merge: ${dir}: no such folder`);
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'manifest.json')) {
      const file = path.join(dir, name);
      const result = parseResult(readFileSync(file, 'utf8'), file);
      const seen = chosen.get(result.id);
      if (seen && seen.result.provenance.hash !== result.provenance.hash) {
        throw new Error(`merge: ${file} and ${seen.file} hold different configs of '${result.id}' (hashes ${result.provenance.hash.slice(0, 12)} vs ${seen.result.provenance.hash.slice(0, 12)})`);
      }
      if (!seen || result.provenance.finishedAt > seen.result.provenance.finishedAt) chosen.set(result.id, { result, file });
    }
  }
  const store = new ResultStore(outDir);
  for (const { result } of chosen.values()) store.write(result);
  return { merged: [...chosen.keys()].sort() };
}
