/**
 * `npm run findings [-- --dir precomputed] [--profile standard] [--json]`: the paper's claims checked against stored
 * results, by the same functions the article uses (src/lib/claims.ts). Reads only through the schema; computes nothing.
 * A missing result is reported in the claims' notes; a malformed one stops with the schema's message (exit 1).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseResult, type ExperimentResult } from '../lib/schema.js';
import { allClaims, claimInputIds, formatEffect, RULE } from '../lib/claims.js';
import { design, PROFILES, type Profile } from '../lib/design.js';

function options() {
  try {
    return parseArgs({
      options: { dir: { type: 'string', default: 'precomputed' }, profile: { type: 'string', default: 'standard' }, json: { type: 'boolean', default: false } },
    }).values;
  } catch (e) {
    console.error(`findings: ${(e as Error).message}\nusage: npm run findings -- [--dir precomputed] [--profile standard] [--json]`);
    process.exit(2);
  }
}
const values = options();
if (!(PROFILES as readonly string[]).includes(values.profile!)) {
  console.error(`findings: --profile ${values.profile}: expected one of ${PROFILES.join(', ')}`);
  process.exit(2);
}
const d = design(values.profile as Profile);

const cache = new Map<string, ExperimentResult>();
const load = (id: string): ExperimentResult => {
  const hit = cache.get(id);
  if (hit) return hit;
  const file = path.join(values.dir!, `${id}.json`);
  if (!existsSync(file)) throw new Error(`${file}: missing`);
  const result = parseResult(readFileSync(file, 'utf8'), file);
  cache.set(id, result);
  return result;
};

try {
  const claims = allClaims(load, d);
  const missing = claimInputIds(d).filter((id) => !existsSync(path.join(values.dir!, `${id}.json`)));
  if (values.json) {
    console.log(JSON.stringify({ rule: RULE, design: d, missing, claims }, null, 2));
  } else {
    console.log(`Rule: ${RULE}`);
    console.log(`Data: ${values.dir} (profile ${d.profile}: seeds ${d.seeds.join(', ')}; conv seeds ${d.convSeeds.join(', ')}; ${missing.length} of ${claimInputIds(d).length} inputs missing)`);
    for (const c of claims) {
      console.log(`\n[${c.verdict}] ${c.id}\n  Paper: ${c.paper}\n  ${c.summary}`);
      for (const e of c.effects) console.log(`    ${e.paperSign === 0 ? ' ' : '*'} ${formatEffect(e)}`);
      for (const n of c.notes) console.log(`  Note: ${n}`);
    }
    console.log('\n* an effect the paper predicts (it decides the verdict); the others are reported for context.');
  }
} catch (e) {
  console.error(`findings: ${(e as Error).message}`);
  process.exit(1);
}
