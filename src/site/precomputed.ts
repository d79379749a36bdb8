/**
 * The site's only way to the data: read precomputed/ at build time, validated by the shared schema module.
 * A malformed file fails the build with an error naming the file and the field.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parseResult, type ExperimentResult } from '../lib/schema';

export const PRECOMPUTED_DIR = process.env.PRECOMPUTED_DIR ?? path.resolve('precomputed');

const cache = new Map<string, ExperimentResult>();

export function loadResult(id: string): ExperimentResult {
  const hit = cache.get(id);
  if (hit) return hit;
  const file = path.join(PRECOMPUTED_DIR, `${id}.json`);
  if (!existsSync(file)) {
    throw new Error(`${file}: missing. Run \`npm run compute\` (or \`npm run build\`, which computes what is missing).`);
  }
  const result = parseResult(readFileSync(file, 'utf8'), file);
  cache.set(id, result);
  return result;
}

export function provenanceLine(r: ExperimentResult): string {
  const p = r.provenance;
  return `Computed ${p.finishedAt.slice(0, 10)} on ${p.backend} (${p.device}) in ${p.wallTimeSeconds.toFixed(0)} s · code ${p.codeVersion} · config ${p.hash.slice(0, 12)}`;
}
