/**
 * `npm run findings [-- --dir precomputed]`: the paper's claims checked against stored results, as a table.
 * Reads only through the schema; computes nothing new.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseResult, type ExperimentResult } from '../lib/schema.js';
import { allClaims, type CLAIM_INPUTS } from '../lib/claims.js';
import { PROFILES, suite, type Profile } from './suite/experiments.js';

const { values } = parseArgs({
  options: { dir: { type: 'string', default: 'precomputed' }, profile: { type: 'string', default: 'standard' }, json: { type: 'boolean', default: false } },
});
if (!(PROFILES as readonly string[]).includes(values.profile!)) {
  console.error(`findings: --profile ${values.profile}: expected one of ${PROFILES.join(', ')}`);
  process.exit(2);
}

/** Which experiments of the profile feed each claim, read off the suite itself. */
function claimInputs(profile: Profile): typeof CLAIM_INPUTS {
  const ids = suite(profile).map((e) => e.id);
  const numbers = (re: RegExp) => [...new Set(ids.flatMap((id) => (re.exec(id) ? [Number(re.exec(id)![1])] : [])))].sort((a, b) => a - b);
  return {
    depths: numbers(/^resnet(\d+)-skip$/),
    widths: numbers(/^width-(\d+)$/),
    batchRuns: ids.filter((id) => id.startsWith('batch-')),
    convexityRuns: suite(profile)
      .filter((e) => e.config.kind === 'run' && e.config.probes.some((p) => p.type === 'convexity'))
      .map((e) => e.id),
  };
}
const cache = new Map<string, ExperimentResult>();
const load = (id: string): ExperimentResult => {
  if (!cache.has(id)) {
    const file = path.join(values.dir!, `${id}.json`);
    cache.set(id, parseResult(readFileSync(file, 'utf8'), file));
  }
  return cache.get(id)!;
};

try {
  const claims = allClaims(load, claimInputs(values.profile as Profile));
  if (values.json) console.log(JSON.stringify(claims, null, 2));
  else for (const c of claims) console.log(`\n[${c.verdict}] ${c.id}: ${c.paper}\n  ${c.summary}`);
} catch (e) {
  console.error(`findings: ${(e as Error).message}`);
  process.exit(1);
}
