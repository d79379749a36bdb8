/**
 * The site's only way to the data: read precomputed/ at build time, validated by the shared schema module.
 * A malformed file fails the build with an error naming the file and the field; a figure that names an experiment
 * or artifact that does not exist fails it with a message naming the component and what exists instead.
 */
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { globMatcher } from '../lib/glob';
import { parseManifest, parseResult, type Artifact, type ExperimentResult, type Manifest } from '../lib/schema';

export const PRECOMPUTED_DIR = process.env.PRECOMPUTED_DIR ?? path.resolve('precomputed');

const cache = new Map<string, ExperimentResult>();

export function loadResult(id: string): ExperimentResult {
  const hit = cache.get(id);
  if (hit) return hit;
  const file = path.join(PRECOMPUTED_DIR, `${id}.json`);
  if (!existsSync(file)) {
    const known = listExperiments();
    throw new Error(
      `${file}: missing. Run \`npm run compute\` (or \`npm run build\`, which computes what is missing).` +
        (known.length ? ` Experiments in precomputed/: ${known.join(', ')}.` : ''),
    );
  }
  const result = parseResult(readFileSync(file, 'utf8'), file);
  cache.set(id, result);
  return result;
}

/** The result, or null when its file does not exist (a malformed file still fails, naming the file and field). */
export function tryLoadResult(id: string): ExperimentResult | null {
  if (!cache.has(id) && !existsSync(path.join(PRECOMPUTED_DIR, `${id}.json`))) return null;
  return loadResult(id);
}

/**
 * Ids of the experiments: the result files present. manifest.json is derived from them (a compute run rewrites it),
 * so the site never trusts it: a manifest that misses a finished run would otherwise drop it from figures silently.
 */
export function listExperiments(): string[] {
  const ids = listResultFiles();
  checkManifest(ids);
  return ids;
}

/** Ids of every result file in precomputed/, sorted: what the site lists and the data/ downloads are built for. */
export function listResultFiles(): string[] {
  if (!existsSync(PRECOMPUTED_DIR)) return [];
  return readdirSync(PRECOMPUTED_DIR)
    .filter((f) => f.endsWith('.json') && f !== 'manifest.json')
    .map((f) => f.slice(0, -5))
    .sort();
}

/** Experiment ids matching a pattern with `*` wildcards ("lrbs-*"), in id order. */
export function matchExperiments(pattern: string): string[] {
  return listExperiments().filter(globMatcher(pattern));
}

let manifestChecked = false;

/** Warn (once per build) when manifest.json disagrees with the result files; the files win either way. */
function checkManifest(ids: string[]): void {
  if (manifestChecked) return;
  manifestChecked = true;
  const file = path.join(PRECOMPUTED_DIR, 'manifest.json');
  if (!existsSync(file)) return;
  let manifest: Manifest;
  try {
    manifest = parseManifest(readFileSync(file, 'utf8'), file);
  } catch (e) {
    console.warn(`${file}: unreadable (${(e as Error).message}); the site lists the result files instead.`);
    return;
  }
  const have = new Set(ids);
  const listed = new Set(manifest.experiments.map((e) => e.id));
  const missing = ids.filter((id) => !listed.has(id));
  const extra = manifest.experiments.filter((e) => !have.has(e.id) || !existsSync(path.join(PRECOMPUTED_DIR, e.file))).map((e) => e.id);
  if (missing.length === 0 && extra.length === 0) return;
  const parts = [missing.length ? `missing from it: ${missing.join(', ')}` : '', extra.length ? `listed without a result file: ${extra.join(', ')}` : ''];
  console.warn(`${file} disagrees with the result files (${parts.filter(Boolean).join('; ')}); the site uses the result files. The next compute run rewrites the manifest.`);
}

/**
 * The artifact a figure shows, or an error that says which component asked, for what, and what exists: the message
 * a writer sees when an id in the MDX is misspelt or its data is not computed yet.
 */
export function requireArtifact<K extends Artifact['kind']>(component: string, experiment: string, kind: K, id?: string): { result: ExperimentResult; artifact: Extract<Artifact, { kind: K }> } {
  let result: ExperimentResult;
  try {
    result = loadResult(experiment);
  } catch (e) {
    throw new Error(`<${component} experiment="${experiment}">: ${(e as Error).message}`);
  }
  const found = result.artifacts.find((a) => a.kind === kind && (id === undefined || a.id === id));
  if (!found) {
    const has = result.artifacts.map((a) => `${a.kind} "${a.id}"`).join(', ');
    throw new Error(`<${component} experiment="${experiment}"${id ? ` artifact="${id}"` : ''}>: no ${kind} artifact${id ? ` with id "${id}"` : ''} in ${experiment}.json (it has: ${has || 'none'}).`);
  }
  return { result, artifact: found as Extract<Artifact, { kind: K }> };
}

export function provenanceLine(r: ExperimentResult): string {
  const p = r.provenance;
  return `Computed ${p.finishedAt.slice(0, 10)} on ${p.backend} (${p.device}) in ${p.wallTimeSeconds.toFixed(0)} s · code ${p.codeVersion} · config ${p.hash.slice(0, 12)}`;
}

/** The provenance a figure prints: which run, where and when it was computed, and the config hash that names it. */
export function figureProvenance(r: ExperimentResult): string {
  return `Run ${r.id} · ${provenanceLine(r)}`;
}
