/**
 * `npm run findings [-- --dir precomputed]`: the paper's claims checked against stored results, as a table.
 * Reads only through the schema; computes nothing new.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseResult, type ExperimentResult } from '../lib/schema.js';
import { allClaims } from '../lib/claims.js';

const { values } = parseArgs({ options: { dir: { type: 'string', default: 'precomputed' }, json: { type: 'boolean', default: false } } });
const cache = new Map<string, ExperimentResult>();
const load = (id: string): ExperimentResult => {
  if (!cache.has(id)) {
    const file = path.join(values.dir!, `${id}.json`);
    cache.set(id, parseResult(readFileSync(file, 'utf8'), file));
  }
  return cache.get(id)!;
};

try {
  const claims = allClaims(load);
  if (values.json) console.log(JSON.stringify(claims, null, 2));
  else for (const c of claims) console.log(`\n[${c.verdict}] ${c.id}: ${c.paper}\n  ${c.summary}`);
} catch (e) {
  console.error(`findings: ${(e as Error).message}`);
  process.exit(1);
}
