/**
 * The site build refuses garbage results: src/site/precomputed.ts reads every result through parseResult, so a
 * semantically wrong file fails the page that loads it with an error naming the file and the field.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { experimentFixture, surfaceFixture } from '../helpers/fixtures';

const dirs: string[] = [];

/** A fresh temp folder holding the given results under the given file names. */
function resultsDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'landscape-site-precomputed-'));
  dirs.push(dir);
  for (const [name, value] of Object.entries(files)) writeFileSync(path.join(dir, name), JSON.stringify(value));
  return dir;
}

/** A fresh copy of the module: it reads PRECOMPUTED_DIR when imported. */
async function load(dir: string) {
  vi.resetModules();
  vi.stubEnv('PRECOMPUTED_DIR', dir);
  return import('../../src/site/precomputed');
}

afterEach(() => {
  vi.unstubAllEnvs();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('site: semantic validation of precomputed/', () => {
  it('loads a sound result, and refuses a negative loss naming the file and the field', async () => {
    const garbage = JSON.parse(JSON.stringify(experimentFixture('bad', [surfaceFixture((a, b) => a * a + b * b)])));
    garbage.artifacts[0].metrics.testLoss[7] = -400;
    const dir = resultsDir({ 'good.json': experimentFixture('good', [surfaceFixture((a, b) => a * a + b * b)]), 'bad.json': garbage });
    const site = await load(dir);
    expect(site.loadResult('good').id).toBe('good');
    expect(() => site.loadResult('bad')).toThrow(
      `${path.join(dir, 'bad.json')}: field 'artifacts[0].metrics.testLoss[7]': expected a loss ≥ 0 (or null), got number -400`,
    );
    // A figure asking for it says which component asked, then the same file and field.
    expect(() => site.requireArtifact('SurfaceFigure', 'bad', 'surface2d')).toThrow(/^<SurfaceFigure experiment="bad">: .*bad\.json: field 'artifacts\[0\]\.metrics\.testLoss\[7\]'/);
  });

  it('refuses a file holding another experiment', async () => {
    const dir = resultsDir({ 'foo.json': experimentFixture('bar', []) });
    const site = await load(dir);
    expect(() => site.loadResult('foo')).toThrow(`${path.join(dir, 'foo.json')}: field 'id': expected "foo" (the file's name), got string "bar"`);
  });
});
