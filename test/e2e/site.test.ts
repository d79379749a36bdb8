/**
 * The site, built from the committed precomputed/ data, then opened in Debian's chromium: the static SVG is in the
 * HTML (readable without JavaScript), the interactive figure hydrates, draws contour paths and reads values out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ROOT } from '../helpers/cli';
import { serveStatic } from '../helpers/serve';
import { chromiumAvailable, launch, openPage } from '../helpers/browser';

const SHOTS = path.join(ROOT, 'test-results', 'screenshots');

function astroBuild(outDir: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'astro', 'astro.js'), 'build'], {
    cwd: ROOT,
    env: { ...process.env, ASTRO_OUT_DIR: outDir, ...env },
    encoding: 'utf8',
    timeout: 180_000,
  });
}

let dist: string;
let build: ReturnType<typeof astroBuild>;

beforeAll(() => {
  dist = mkdtempSync(path.join(tmpdir(), 'landscape-dist-'));
  build = astroBuild(dist);
});

describe('astro build', () => {
  it('builds the article from precomputed/ with the figure as static SVG', () => {
    expect(build.status, build.stdout + build.stderr).toBe(0);
    const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
    expect(html).toContain('id="fig-1"');
    expect((html.match(/<path class="contour"/g) ?? []).length).toBeGreaterThan(10);
    // Numbers in the text come from the data: the test accuracy stated equals the stored one.
    const result = JSON.parse(readFileSync(path.join(ROOT, 'precomputed', 'mlp-surface.json'), 'utf8'));
    const acc = result.artifacts.find((a: any) => a.kind === 'training').epochs.at(-1).testAccuracy;
    expect(html).toContain(`${(100 * acc).toFixed(1)}% test accuracy`);
  });

  it('fails on a malformed precomputed file, naming the file and the field', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'landscape-pre-'));
    cpSync(path.join(ROOT, 'precomputed'), dir, { recursive: true });
    const file = path.join(dir, 'mlp-surface.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.artifacts[1].x = 'wide';
    writeFileSync(file, JSON.stringify(json));
    const r = astroBuild(mkdtempSync(path.join(tmpdir(), 'landscape-dist-bad-')), { PRECOMPUTED_DIR: dir });
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain(`${file}: field 'artifacts[1].x': expected an array of numbers`);
  });
});

describe.runIf(chromiumAvailable() || process.env.CI)('in the browser', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;

  beforeAll(async () => {
    server = await serveStatic(dist);
    browser = await launch();
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [label, viewport] of [
    ['desktop', { width: 1200, height: 900 }],
    ['narrow', { width: 360, height: 800 }],
  ] as const) {
    it(`draws the contour figure and reads values out (${label})`, async () => {
      const { page, log } = await openPage(browser, server.url, viewport);
      const figure = page.locator('#fig-1');
      await figure.locator('[data-hydrated="true"]').or(page.locator('#fig-1[data-hydrated="true"]')).first().waitFor();
      const paths = await figure.locator('.plot svg path.contour').count();
      expect(paths).toBeGreaterThan(10);
      const nonEmpty = await figure.locator('.plot svg path.contour').evaluateAll((els) => els.filter((e) => (e.getAttribute('d') ?? '').length > 20).length);
      expect(nonEmpty).toBe(paths);
      // Keyboard: focus the plot and move; the readout names coordinates and losses.
      await figure.locator('.plot svg').focus();
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => figure.locator('.readout').textContent()).toMatch(/α 0\.\d+, β 0: train loss \d/);
      // Hover reads the point under the pointer.
      const box = (await figure.locator('.plot svg').boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.3);
      await expect.poll(() => figure.locator('.readout').textContent()).toMatch(/α -0\.\d+, β 0\.\d+/);
      // Switching the metric redraws the plot.
      const before = await figure.locator('.plot svg').innerHTML();
      await figure.locator('select.metric').selectOption('testAccuracy');
      expect(await figure.locator('.plot svg').innerHTML()).not.toBe(before);
      await figure.screenshot({ path: path.join(SHOTS, `fig-1-${label}.png`) });
      expect(log.consoleErrors).toEqual([]);
      expect(log.externalRequests).toEqual([]);
      await page.close();
    });
  }
});
