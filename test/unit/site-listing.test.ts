/**
 * The site lists experiments from the result files in precomputed/, not from manifest.json: a manifest that misses a
 * finished run (or lists one without a file) is reported once, and the files win.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const SOURCE = path.resolve('precomputed');
// Small result files of the committed runs, copied under their own names (a file's name is its id).
const IDS = ['resnet14-skip-s2', 'resnet8-noskip', 'resnet8-skip-s3'];
const MANIFEST = JSON.parse(readFileSync(path.join(SOURCE, 'manifest.json'), 'utf8'));

function resultsDir(manifest?: { missing?: string; extra?: string }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'landscape-listing-'));
  for (const id of IDS) copyFileSync(path.join(SOURCE, `${id}.json`), path.join(dir, `${id}.json`));
  if (manifest) {
    const entries = MANIFEST.experiments.filter((e: { id: string }) => IDS.includes(e.id) && e.id !== manifest.missing);
    if (manifest.extra) entries.push({ ...entries[0], id: manifest.extra, file: `${manifest.extra}.json` });
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ ...MANIFEST, experiments: entries }));
  }
  return dir;
}

/** A fresh copy of the module (it reads PRECOMPUTED_DIR at import), with console.warn recorded. */
async function load(dir: string) {
  vi.resetModules();
  vi.stubEnv('PRECOMPUTED_DIR', dir);
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  return { mod: await import('../../src/site/precomputed'), warn };
}

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('site listing of experiments', () => {
  it('lists the result files when the manifest misses one and lists an extra, warning once with both ids', async () => {
    const dir = resultsDir({ missing: 'resnet8-skip-s3', extra: 'resnet8-ghost' });
    dirs.push(dir);
    const { mod, warn } = await load(dir);
    expect(mod.listExperiments()).toEqual(IDS);
    expect(mod.matchExperiments('resnet8-*')).toEqual(['resnet8-noskip', 'resnet8-skip-s3']);
    expect(mod.loadResult('resnet8-skip-s3').id).toBe('resnet8-skip-s3');
    expect(warn).toHaveBeenCalledTimes(1);
    const message = String(warn.mock.calls[0][0]);
    expect(message).toContain('manifest.json');
    expect(message).toMatch(/missing from it: resnet8-skip-s3\b/);
    expect(message).toMatch(/listed without a result file: resnet8-ghost\b/);
  });

  it('says nothing when the manifest agrees or is absent', async () => {
    for (const dir of [resultsDir({}), resultsDir()]) {
      dirs.push(dir);
      const { mod, warn } = await load(dir);
      expect(mod.listExperiments()).toEqual(IDS);
      expect(warn).not.toHaveBeenCalled();
      vi.restoreAllMocks();
    }
  });

  it('a manifest that does not parse is reported, not fatal', async () => {
    const dir = resultsDir();
    dirs.push(dir);
    writeFileSync(path.join(dir, 'manifest.json'), '{"schemaVersion": 0, "experiments": []}');
    const { mod, warn } = await load(dir);
    expect(mod.listExperiments()).toEqual(IDS);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toContain('unreadable');
  });
});
