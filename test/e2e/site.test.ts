/**
 * The site, built from the committed precomputed/ data, then opened in Debian's chromium: the static SVG is in the
 * HTML (readable without JavaScript), the interactive figures hydrate, draw, read values out by hover and keyboard;
 * citations, downloads and exports work; axe-core finds no serious or critical violations; the first view stays
 * under its byte budget; screenshots of each figure at desktop width and 360 px land in test-results/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ROOT } from '../helpers/cli';
import { serveStatic } from '../helpers/serve';
import { chromiumAvailable, launch, openPage } from '../helpers/browser';
import { SHOTS, astroBuild, figureInventory, firstViewBytes, seriousAxeViolations } from './figure-checks';

const FIRST_VIEW_BUDGET = 1_000_000;

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

  it('typesets math with KaTeX at build time, self-hosted (no CDN)', () => {
    const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
    expect(html).toContain('class="katex"');
    expect(html).toContain('class="katex-display"');
    expect(html).not.toMatch(/(src|href)="https?:\/\/(?!example\.org)/);
  });

  it('writes the data downloads: the whole run and each artifact as JSON and CSV', () => {
    const run = JSON.parse(readFileSync(path.join(dist, 'data', 'mlp-surface.json'), 'utf8'));
    expect(run.provenance.hash).toMatch(/^[0-9a-f]{64}$/);
    const csv = readFileSync(path.join(dist, 'data', 'mlp-surface', 'surface.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('alpha,beta,trainLoss,trainAccuracy,testLoss,testAccuracy');
    const surface = run.artifacts.find((a: any) => a.kind === 'surface2d');
    expect(csv.length - 1).toBe(surface.x.length * surface.y.length);
    expect(Number(csv[1].split(',')[2])).toBe(surface.metrics.trainLoss[0]);
    expect(existsSync(path.join(dist, 'data', 'mlp-surface', 'surface.json'))).toBe(true);
  });

  it('cites each figure (text and BibTeX, with its URL) and the original paper', () => {
    const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
    expect(html).toContain('@misc{landscape');
    expect(html).toContain('https://example.org/#fig-1');
    expect(html).toContain('@inproceedings{li2018visualizing');
    expect(html).toMatch(/Run mlp-surface · Computed \d{4}-\d\d-\d\d on \w+ \(.*\) in \d+ s · code .* · config [0-9a-f]{12}/);
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
      await page.locator('#fig-1[data-hydrated="true"]').waitFor();
      const paths = await figure.locator('.plot svg path.contour').count();
      expect(paths).toBeGreaterThan(10);
      const nonEmpty = await figure.locator('.plot svg path.contour').evaluateAll((els) => els.filter((e) => (e.getAttribute('d') ?? '').length > 20).length);
      expect(nonEmpty).toBe(paths);
      // Keyboard: focus the plot and move; the readout names coordinates and losses.
      await figure.locator('.plot svg').focus();
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => figure.locator('.readout').textContent()).toMatch(/α 0\.\d+, β 0: train loss \d/);
      await page.keyboard.press('Shift+ArrowUp');
      await expect.poll(() => figure.locator('.readout').textContent()).toMatch(/α 0\.\d+, β 0\.\d+: train loss \d/);
      await page.keyboard.press('Home');
      await expect.poll(() => figure.locator('.readout').textContent()).toMatch(/α 0, β 0: train loss \d/);
      // Hover reads the point under the pointer.
      const box = (await figure.locator('.plot svg').boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.3);
      await expect.poll(() => figure.locator('.readout').textContent()).toMatch(/α -0\.\d+, β 0\.\d+/);
      // No page-level horizontal scroll at this width.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
      await figure.screenshot({ path: path.join(SHOTS, `fig-1-${label}.png`) });
      // Switching the metric, the view and the scale redraws the plot.
      const before = await figure.locator('.plot svg').innerHTML();
      await figure.locator('select.metric').selectOption('testAccuracy');
      await expect.poll(() => figure.locator('.plot svg').innerHTML()).not.toBe(before);
      await figure.locator('select.view').selectOption('heatmap');
      await expect.poll(() => figure.locator('.plot svg rect.cell').count()).toBeGreaterThan(100);
      await figure.screenshot({ path: path.join(SHOTS, `fig-1-heatmap-accuracy-${label}.png`) });
      await figure.locator('select.metric').selectOption('trainLoss');
      await figure.locator('select.view').selectOption('lines');
      await expect.poll(() => figure.locator('.plot svg path.contour-line').count()).toBeGreaterThan(5);
      await figure.locator('input.log').uncheck();
      await expect.poll(() => figure.locator('.plot svg .legend').textContent()).not.toMatch(/^0\.5/);
      await figure.screenshot({ path: path.join(SHOTS, `fig-1-lines-linear-${label}.png`) });
      expect(log.consoleErrors).toEqual([]);
      expect(log.externalRequests).toEqual([]);
      await page.context().close();
    });
  }

  it('every figure renders non-empty; axe-core finds no serious or critical violations; first view ≤ 1 MB', async () => {
    const { page, log } = await openPage(browser, server.url);
    const bytes = await firstViewBytes(page);
    console.log(`first view: ${bytes.total} bytes`, JSON.stringify(bytes.byType));
    expect(bytes.total).toBeLessThan(FIRST_VIEW_BUDGET);
    // Grids are fetched on approach, not with the first view.
    expect(bytes.byType.json ?? 0).toBe(0);
    const figures = await figureInventory(page);
    expect(figures.length).toBeGreaterThan(0);
    for (const f of figures) expect(f.marks, `${f.id} draws nothing`).toBeGreaterThan(0);
    const violations = await seriousAxeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    expect(log.consoleErrors).toEqual([]);
    expect(log.externalRequests).toEqual([]);
    await page.context().close();
  });

  it('the real article: explorer sliders change run, plot and URL; the player advances; curve, convexity and compared surfaces read out by keyboard', async () => {
    const { page, log } = await openPage(browser, server.url);
    // The learning-rate × batch-size explorer (Figure 13) over the standard profile's grid-* runs.
    const explorer = page.locator('#fig-13');
    await page.locator('#fig-13[data-hydrated="true"]').waitFor();
    const firstRun = await explorer.getAttribute('data-run');
    const firstPath = await explorer.locator('path.trajectory').getAttribute('d');
    await explorer.locator('input.lr').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => explorer.getAttribute('data-run')).not.toBe(firstRun);
    expect(await explorer.getAttribute('data-run')).toMatch(/^grid-lr0p03-bs\d+$/);
    expect(new URL(page.url()).searchParams.get('lr')).toBe('0.03');
    expect(await explorer.locator('path.trajectory').getAttribute('d')).not.toBe(firstPath);
    await explorer.locator('input.bs').focus();
    await page.keyboard.press('End');
    await expect.poll(() => new URL(page.url()).searchParams.get('bs')).toBe('2048');
    expect(await explorer.getAttribute('data-run')).toBe('grid-lr0p03-bs2048');
    expect(await explorer.locator('.test-error').textContent()).toMatch(/^\d+\.\d%$/);
    // The trajectory player (Figure 9) plays from the first checkpoint to the last.
    const player = page.locator('#fig-9');
    await player.locator('input.scrub').focus();
    await page.keyboard.press('Home');
    await expect.poll(() => player.locator('.readout').first().textContent()).toMatch(/^step 0 \(checkpoint 1 of \d+\)/);
    await player.locator('select.speed').selectOption('4');
    await player.locator('button.play').click();
    await expect.poll(() => player.locator('.readout').first().textContent(), { timeout: 15000 }).toMatch(/checkpoint (\d+) of \1\)/);
    // Keyboard readouts on a 1D curve, a convexity map and the linked compared surfaces.
    const curve = page.locator('#fig-2');
    await curve.locator('.plot svg').first().focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => curve.locator('.readout').textContent()).toMatch(/^α -?\d\.\d+: train loss \d/);
    const conv = page.locator('#fig-11');
    await conv.locator('.plot-wide svg').focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => conv.locator('.readout').textContent()).toMatch(/λmin .*, λmax .*, \|λmin\/λmax\| /);
    const compare = page.locator('#fig-5');
    await compare.locator('.plot svg').first().focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => compare.locator('.readout').textContent()).toMatch(/batch 64: train loss .* · batch 2048: train loss /);
    await explorer.screenshot({ path: path.join(SHOTS, 'fig-13-after-sliders.png') });
    expect(log.consoleErrors).toEqual([]);
    expect(log.externalRequests).toEqual([]);
    await page.context().close();
  });

  it('screenshots every figure of the article at desktop width and 360 px (static and interactive)', async () => {
    for (const [label, viewport] of [['desktop', { width: 1200, height: 900 }], ['narrow', { width: 360, height: 800 }]] as const) {
      const { page, log } = await openPage(browser, server.url, viewport);
      for (const f of await figureInventory(page)) {
        expect(f.width).toBeLessThanOrEqual(viewport.width);
        await page.locator(`#${f.id}`).scrollIntoViewIfNeeded();
        await page.locator(`#${f.id}`).hover(); // fetches its data and hydrates, as a reader would
        await page.waitForTimeout(200);
        await page.locator(`#${f.id}`).screenshot({ path: path.join(SHOTS, `article-${f.id}-${label}.png`) });
      }
      expect(log.consoleErrors).toEqual([]);
      await page.context().close();
    }
  });

  it('citations copy, data downloads, SVG and PNG export', async () => {
    const { page, log } = await openPage(browser, server.url);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const figure = page.locator('#fig-1');
    await page.locator('#fig-1[data-tools="ready"]').waitFor();
    await figure.locator('details.cite summary').click();
    await figure.locator('button[data-copy="bibtex"]').click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/^@misc\{landscape\d+fig1,[\s\S]*#fig-1/);
    const [svgDownload] = await Promise.all([page.waitForEvent('download'), figure.locator('button[data-export="svg"]').click()]);
    const svgText = readFileSync((await svgDownload.path())!, 'utf8');
    expect(svgText).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svgText).toContain('class="contour"');
    const [pngDownload] = await Promise.all([page.waitForEvent('download'), figure.locator('button[data-export="png"]').click()]);
    const png = readFileSync((await pngDownload.path())!);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThan(1000); // 2× width
    const href = await figure.locator('details.downloads a', { hasText: 'CSV' }).first().getAttribute('href');
    const csv = await page.evaluate(async (u) => (await fetch(u!)).text(), href);
    expect(csv.split('\n')[0]).toBe('alpha,beta,trainLoss,trainAccuracy,testLoss,testAccuracy');
    expect(log.consoleErrors).toEqual([]);
    expect(log.externalRequests).toEqual([]);
    await page.context().close();
  });

  it('without JavaScript the static figure is there; dark mode and print render legibly', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1200, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(server.url);
    expect(await page.locator('#fig-1 .plot svg path.contour').count()).toBeGreaterThan(10);
    expect(await page.locator('#fig-1 .figure-controls').isVisible()).toBe(false);
    await ctx.close();
    const { page: dark } = await openPage(browser, server.url);
    await dark.emulateMedia({ colorScheme: 'dark' });
    await dark.locator('#fig-1[data-hydrated="true"]').waitFor();
    const fg = await dark.evaluate(() => getComputedStyle(document.querySelector('#fig-1 .figure-plot')!).color);
    expect(fg).toBe('rgb(232, 232, 234)'); // axes and labels use currentColor: light on the dark panel
    await dark.locator('#fig-1').screenshot({ path: path.join(SHOTS, 'fig-1-dark.png') });
    await dark.emulateMedia({ media: 'print', colorScheme: 'light' });
    expect(await dark.locator('#fig-1 .figure-controls').isVisible()).toBe(false);
    await dark.screenshot({ path: path.join(SHOTS, 'page-print.png'), fullPage: true });
    await dark.context().close();
  });
});
