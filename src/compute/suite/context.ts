/** What every experiment run shares: the backend, the data (loaded once), the reporter and version facts. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BackendInfo } from '../backend/index.js';
import type { DatasetName } from './datasets.js';
import type { Split } from '../data/dataset.js';
import type { Reporter } from '../progress.js';
import { tf } from '../tf.js';

export interface RunContext {
  backend: BackendInfo;
  reporter: Reporter;
  /** Loads (once) and returns a data set (default Fashion-MNIST). */
  data(name?: DatasetName): Split;
  codeVersion: string;
  packages: Record<string, string>;
  /** Results folder; in-progress state lives in its .partial/ subfolder. */
  outDir: string;
  /** Minimum milliseconds between persisting finished grid points (default 1000). */
  flushIntervalMs?: number;
  /** --force: recompute everything, ignoring cached weights and progress. */
  force?: boolean;
}

/** How caches behave in this run: ignored under --force; a damaged entry is reported as a warning. */
export function cacheOptions(ctx: RunContext): { ignoreExisting: boolean; warn: (line: string) => void } {
  return { ignoreExisting: ctx.force ?? false, warn: (line) => ctx.reporter.log(`warning: ${line}`) };
}

/** package.json version plus the git commit (with "+dirty" for uncommitted changes), when git is available. */
export function codeVersion(root = process.cwd()): string {
  let version = 'unknown';
  try {
    version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;
  } catch {
    /* not run from the project root */
  }
  try {
    const commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src/compute', 'src/lib'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    return `${version}+${commit}${dirty ? '.dirty' : ''}`;
  } catch {
    return version;
  }
}

export function packageVersions(): Record<string, string> {
  const versions: Record<string, string> = { '@tensorflow/tfjs-core': tf.version_core, node: process.versions.node };
  for (const name of ['@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu', '@tensorflow/tfjs-backend-cpu', 'webgpu', 'ml-matrix']) {
    try {
      // Read the installed package.json directly: some packages (ml-matrix) do not export it.
      versions[name] = JSON.parse(readFileSync(path.join(process.cwd(), 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      // Not resolvable from a bundle staged elsewhere (the GPU machine): the tfjs-core version still pins tfjs.
    }
  }
  return versions;
}
