/**
 * The site, built from the results folder (the committed precomputed/, or PRECOMPUTED_DIR with LANDSCAPE_PROFILE
 * naming its profile, e.g. a quick-profile folder: see figure-checks.ts resultsDir), then opened in Debian's chromium: the static SVG is in the
 * HTML (readable without JavaScript), the interactive figures hydrate, draw, read values out by hover and keyboard;
 * citations, downloads and exports work; axe-core finds no serious or critical violations; the first view stays
 * under its byte budget; screenshots of each figure at desktop width and 360 px land in test-results/screenshots/.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serveStatic } from '../helpers/serve';
import { chromiumAvailable, openPage, servedSite } from '../helpers/browser';
import { BUILD_TIMEOUT_MS, SHOTS, astroBuild, figureInventory, firstViewBytes, resultsDir, seriousAxeViolations } from './figure-checks';
import { siteConfig } from '../../src/site/config.mjs';

const FIRST_VIEW_BUDGET = 1_000_000;
/** The policy the site must work under: every script an external file from the site itself. */
const CSP = "script-src 'self'; object-src 'none'";
/** Script types that are data, never executed (so CSP does not apply); anything else inline would be blocked. */
const DATA_SCRIPT_TYPES = new Set(['application/json', 'application/ld+json']);

/** Every .html file under a folder. */
function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html')).map((f) => path.join(dir, f));
}

/** What a `script-src 'self'` policy would block in a page: inline scripts, event-handler attributes, javascript: URLs, foreign script sources. */
function cspProblems(html: string): string[] {
  const problems: string[] = [];
  const attrsOf = (tag: string) => [...tag.matchAll(/\s([^\s"'>\/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g)].map((m) => ({ name: m[1].toLowerCase(), value: (m[2] ?? '').replace(/^["']|["']$/g, '') }));
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const attrs = attrsOf(m[1]);
    const src = attrs.find((a) => a.name === 'src')?.value;
    const type = attrs.find((a) => a.name === 'type')?.value.trim().toLowerCase() ?? '';
    if (src !== undefined && /^(https?:)?\/\//i.test(src)) problems.push(`script from another origin: ${src}`);
    if (src === undefined && m[2].trim() !== '' && !DATA_SCRIPT_TYPES.has(type)) problems.push(`inline script (type "${type}"): ${m[2].trim().slice(0, 80)}`);
  }
  // Attributes of every tag, script and style bodies and comments removed first (their text is not markup).
  const markup = html.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '<$1>').replace(/<!--[\s\S]*?-->/g, '');
  for (const tag of markup.match(/<[a-zA-Z][^>]*>/g) ?? []) {
    for (const a of attrsOf(tag.replace(/^<[^\s>]+/, ''))) {
      if (/^on/.test(a.name)) problems.push(`event-handler attribute ${a.name} in ${tag.slice(0, 80)}`);
      if (/^\s*javascript:/i.test(a.value)) problems.push(`javascript: URL in ${tag.slice(0, 80)}`);
    }
  }
  return problems;
}

/** The learning-rate × batch-size grid runs in the results folder (their ids name both), for the explorer test. */
function gridBatchSizes(): number[] {
  return readdirSync(resultsDir())
    .map((f) => f.match(/^grid-lr[0-9p]+-bs(\d+)\.json$/)?.[1])
    .filter((b): b is string => b !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** Grid points of the first figure's surface (31×31 in the standard profile, 9×9 in quick). */
function mlpGridPoints(): number {
  const r = JSON.parse(readFileSync(path.join(resultsDir(), 'mlp-surface.json'), 'utf8'));
  const s = r.artifacts.find((a: any) => a.kind === 'surface2d');
  return s.x.length * s.y.length;
}

/** Figures of the article the interactive tests address (numbers as in src/content/article.mdx). */
const FIG = { surface: '#fig-1', curve: '#fig-2', directions: '#fig-5', compare: '#fig-6', player: '#fig-10', convexity: '#fig-12', resnetConvexity: '#fig-14', explorer: '#fig-16' };
const CLAIM_IDS = ['batch-size', 'weight-decay', 'skip-connections', 'width', 'trajectories', 'convexity'];

let dist: string;
let build: ReturnType<typeof astroBuild>;

beforeAll(() => {
  dist = mkdtempSync(path.join(tmpdir(), 'landscape-dist-'));
  build = astroBuild(dist);
}, BUILD_TIMEOUT_MS + 60_000);

describe('astro build', () => {
  it('builds the article from the results folder with the figure as static SVG', () => {
    expect(build.status, build.stdout + build.stderr).toBe(0);
    const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
    expect(html).toContain('id="fig-1"');
    expect((html.match(/<path class="contour"/g) ?? []).length).toBeGreaterThan(10);
    // Numbers in the text come from the data: the test accuracy stated equals the stored one.
    const result = JSON.parse(readFileSync(path.join(resultsDir(), 'mlp-surface.json'), 'utf8'));
    const acc = result.artifacts.find((a: any) => a.kind === 'training').epochs.at(-1).testAccuracy;
    expect(html).toContain(`${(100 * acc).toFixed(1)}% test accuracy`);
  });

  it('typesets math with KaTeX at build time, self-hosted (no CDN)', () => {
    const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
    expect(html).toContain('class="katex"');
    expect(html).toContain('class="katex-display"');
    // Nothing is loaded from another origin (scripts, images, stylesheets, fonts); links a reader follows may leave.
    expect(html).not.toMatch(/\ssrc="https?:\/\//);
    // (<link rel="canonical"> names the article's own configured URL: nothing is fetched from it.)
    expect(html).not.toMatch(/<link\b(?![^>]*\srel="canonical")[^>]*\shref="https?:\/\//);
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
    expect(html).toContain(`${siteConfig(process.env).articleUrl}#fig-1`); // the configured URL (src/site/config.mjs)
    expect(html).toContain('@inproceedings{li2018visualizing');
    expect(html).toMatch(/Run mlp-surface · Computed \d{4}-\d\d-\d\d on \w+ \(.*\) in \d+ s · code .* · config [0-9a-f]{12}/);
  });

  it('every in-text citation links to its entry in the references, and every entry links to the work (arXiv or DOI)', () => {
    const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
    const cited = [...html.matchAll(/class="cite-ref" href="#(ref-[a-z0-9]+)"/g)].map((m) => m[1]);
    const entries = [...html.matchAll(/<li id="(ref-[a-z0-9]+)"[^>]*>([\s\S]*?)<\/li>/g)].map((m) => ({ id: m[1], body: m[2] }));
    expect(cited.length).toBeGreaterThanOrEqual(7);
    for (const id of cited) expect(entries.map((e) => e.id), id).toContain(id);
    for (const e of entries) expect(e.body, e.id).toMatch(/<a href="https:\/\/(arxiv\.org\/abs\/\d{4}\.\d{4,5}|doi\.org\/10\.[^"]+)"/);
    // Every work in the list is cited in the text (no orphan entries).
    expect([...new Set(cited)].sort()).toEqual(entries.map((e) => e.id).sort());
  });

  it('fails on a malformed precomputed file, naming the file and the field', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'landscape-pre-'));
    cpSync(resultsDir(), dir, { recursive: true });
    const file = path.join(dir, 'mlp-surface.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.artifacts[1].x = 'wide';
    writeFileSync(file, JSON.stringify(json));
    const r = astroBuild(mkdtempSync(path.join(tmpdir(), 'landscape-dist-bad-')), { PRECOMPUTED_DIR: dir });
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain(`${file}: field 'artifacts[1].x': expected an array of numbers`);
  }, BUILD_TIMEOUT_MS + 60_000);

  it('an unknown LANDSCAPE_PROFILE fails the build, naming the accepted profiles', () => {
    const r = astroBuild(mkdtempSync(path.join(tmpdir(), 'landscape-dist-profile-')), { LANDSCAPE_PROFILE: 'huge' });
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('LANDSCAPE_PROFILE="huge": unknown profile; expected one of quick, standard, paper');
  }, BUILD_TIMEOUT_MS + 60_000);

  it('a verdict box per claim: badge, effects table with headers and caption, notes, the rule; the summary links to each', () => {
    const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
    for (const id of CLAIM_IDS) {
      const box = html.match(new RegExp(`<section[^>]*id="claim-${id}"[\\s\\S]*?</section>`))?.[0];
      expect(box, `verdict box of ${id}`).toBeTruthy();
      expect(box).toMatch(/data-verdict="(reproduced|contradicted|inconclusive)"/);
      expect(box).toMatch(/class="verdict-badge"[^>]*>(Reproduced|Contradicted|Inconclusive)</);
      expect(box).toMatch(/<caption[\s\S]*Effects behind the verdict/);
      expect(box).toContain('<th scope="col"');
      expect(box).toMatch(/<th scope="row"/);
      expect(box).toMatch(/data-status="(as paper|opposite|unclear|reported)"/);
      expect(box).toContain('Rule:');
      expect(html).toContain(`href="#claim-${id}"`);
    }
    // The article names no run id in its prose (ids belong in figure provenance and downloads).
    const prose = html.replace(/<figure[\s\S]*?<\/figure>/g, '').replace(/<section class="verdict[\s\S]*?<\/section>/g, '').replace(/<[^>]+>/g, ' ');
    expect(prose).not.toMatch(/\b(resnet\d+-(no)?skip|width-\d+|batch-(sgd|adam)-[a-z-]+)\b/);
    expect(html).toContain('How verdicts are decided');
  });

  it(`no HTML page has what a "${CSP}" policy would block (inline scripts, on* handlers, javascript: URLs)`, () => {
    const pages = htmlFiles(dist);
    expect(pages.length).toBeGreaterThan(0);
    for (const file of pages) expect(cspProblems(readFileSync(file, 'utf8')), path.relative(dist, file)).toEqual([]);
    // The check itself finds each kind of problem.
    expect(cspProblems('<script>x()</script><script type="module">y()</script><button onclick="z()"></button><a href=" javascript:w()"></a>')).toHaveLength(4);
    expect(cspProblems('<script type="application/json">{"a":"<b onclick=x>"}</script><script type="module" src="/_astro/a.js"></script><p data-on="x">on=1</p>')).toEqual([]);
  });

  it('the direction figure has both normalizations as static SVG, filter-normalized shown, with bands', () => {
    const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
    const fig = html.match(/<figure[^>]*id="fig-5"[\s\S]*?<\/figure>/)?.[0] ?? '';
    expect(fig).toMatch(/<div[^>]*class="direction-state"[^>]*data-state="filter"(?![^>]*hidden)/);
    expect(fig).toMatch(/<div[^>]*class="direction-state"[^>]*data-state="none"[^>]*hidden/);
    expect((fig.match(/<path class="band"/g) ?? []).length).toBe(8); // 2 normalizations × 2 panels × 2 runs
    expect(fig).toContain('shared by both panels');
  });
});

describe.runIf(chromiumAvailable() || process.env.CI)('in the browser', () => {
  const site = servedSite(() => dist, { shots: SHOTS });

  for (const [label, viewport] of [
    ['desktop', { width: 1200, height: 900 }],
    ['narrow', { width: 360, height: 800 }],
  ] as const) {
    it(`draws the contour figure and reads values out (${label})`, async () => {
      const { page, log } = await openPage(site.browser(), site.url(), viewport);
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
      await expect.poll(() => figure.locator('.readout').textContent()).toMatch(/α 0\.\d+, β [01]\.\d+: train loss \d/); // 5 cells up: the edge (β 1.00) on a 9×9 grid
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
      await expect.poll(() => figure.locator('.plot svg rect.cell').count()).toBeGreaterThanOrEqual(mlpGridPoints()); // a cell per grid point
      await figure.screenshot({ path: path.join(SHOTS, `fig-1-heatmap-accuracy-${label}.png`) });
      await figure.locator('select.metric').selectOption('trainLoss');
      await figure.locator('select.view').selectOption('lines');
      await expect.poll(() => figure.locator('.plot svg path.contour-line').count()).toBeGreaterThan(5);
      // The colour bar is redrawn on a linear scale (its ticks depend on the data, so compare, not match).
      const logLegend = await figure.locator('.plot svg .legend').innerHTML();
      await figure.locator('input.log').uncheck();
      await expect.poll(() => figure.locator('.plot svg .legend').innerHTML()).not.toBe(logLegend);
      await figure.screenshot({ path: path.join(SHOTS, `fig-1-lines-linear-${label}.png`) });
      expect(log.consoleErrors).toEqual([]);
      expect(log.externalRequests).toEqual([]);
      await page.context().close();
    });
  }

  it('every figure renders non-empty; axe-core finds no serious or critical violations; first view ≤ 1 MB', async () => {
    const { page, log } = await openPage(site.browser(), site.url());
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
  }, 300_000); // axe over 16 figures: seconds alone, minutes on a busy 2-core machine

  it('the real article: explorer sliders change run, plot and URL; the player advances; curve, convexity and compared surfaces read out by keyboard', async () => {
    const { page, log } = await openPage(site.browser(), site.url());
    // The learning-rate × batch-size explorer over the profile's grid-* runs.
    const explorer = page.locator(FIG.explorer);
    await page.locator(`${FIG.explorer}[data-hydrated="true"]`).waitFor();
    const largest = Math.max(...gridBatchSizes());
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
    await expect.poll(() => new URL(page.url()).searchParams.get('bs')).toBe(String(largest));
    expect(await explorer.getAttribute('data-run')).toBe(`grid-lr0p03-bs${largest}`);
    expect(await explorer.locator('.test-error').textContent()).toMatch(/^\d+\.\d%$/);
    // The trajectory player plays from the first checkpoint to the last.
    const player = page.locator(FIG.player);
    await player.locator('input.scrub').focus();
    await page.keyboard.press('Home');
    await expect.poll(() => player.locator('.readout').first().textContent()).toMatch(/^step 0 \(epoch 0\.0\), checkpoint 1 of \d+: PC1 .*, train loss on the plane \d/);
    await player.locator('select.speed').selectOption('4');
    await player.locator('button.play').click();
    await expect.poll(() => player.locator('.readout').first().textContent(), { timeout: 15000 }).toMatch(/checkpoint (\d+) of \1:/);
    // Keyboard readouts on a 1D curve, a convexity map and the linked compared surfaces.
    const curve = page.locator(FIG.curve);
    await curve.locator('.plot svg').first().focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => curve.locator('.readout').textContent()).toMatch(/^α -?\d\.\d+: train loss \d/);
    const conv = page.locator(FIG.convexity);
    await conv.locator('.plot-wide svg').focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => conv.locator('.readout').textContent()).toMatch(/λmin .*, λmax .*, \|λmin\/λmax\| /);
    const compare = page.locator(FIG.compare);
    await compare.locator('.plot svg').first().focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => compare.locator('.readout').textContent()).toMatch(/batch 64: train loss .* · batch 2048: train loss /);
    const resnetConv = page.locator(FIG.resnetConvexity);
    await resnetConv.locator('.plot-wide svg').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => resnetConv.locator('.readout').textContent()).toMatch(/λmin .*, λmax .*, \|λmin\/λmax\| /);
    await explorer.screenshot({ path: path.join(SHOTS, 'explorer-after-sliders.png') });
    expect(log.consoleErrors).toEqual([]);
    expect(log.externalRequests).toEqual([]);
    await page.context().close();
  });

  it('the normalization switch shows the other panels (keyboard and pointer); verdict boxes read at 360 px', async () => {
    const { page, log } = await openPage(site.browser(), site.url());
    const fig = page.locator(FIG.directions);
    await page.locator(`${FIG.directions}[data-hydrated="true"]`).waitFor();
    const filter = fig.locator('.direction-state[data-state="filter"]');
    const none = fig.locator('.direction-state[data-state="none"]');
    expect(await filter.isVisible()).toBe(true);
    expect(await none.isVisible()).toBe(false);
    expect(await fig.locator('.direction-nojs').isVisible()).toBe(false);
    const shownSvg = async () => fig.locator('.direction-state:visible svg').first().innerHTML();
    const before = await shownSvg();
    // Keyboard: a radio group moves with the arrow keys.
    await fig.locator('input[value="filter"]').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => none.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await filter.isVisible()).toBe(false);
    expect(await fig.getAttribute('data-state')).toBe('none');
    expect(await shownSvg()).not.toBe(before);
    expect(await none.locator('path.band').count()).toBeGreaterThan(0);
    await fig.screenshot({ path: path.join(SHOTS, 'directions-unnormalized.png') });
    // Pointer: clicking the label switches back.
    await fig.locator('label', { hasText: 'filter-normalized' }).click();
    await expect.poll(() => filter.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await none.isVisible()).toBe(false);
    for (const id of CLAIM_IDS) await page.locator(`#claim-${id}`).screenshot({ path: path.join(SHOTS, `verdict-${id}-desktop.png`) });
    await page.locator('table.claims-summary').screenshot({ path: path.join(SHOTS, 'claims-summary-desktop.png') });
    expect(log.consoleErrors).toEqual([]);
    await page.context().close();

    const { page: narrow } = await openPage(site.browser(), site.url(), { width: 360, height: 800 });
    for (const id of CLAIM_IDS) {
      const box = narrow.locator(`#claim-${id}`);
      await box.scrollIntoViewIfNeeded();
      expect((await box.boundingBox())!.width).toBeLessThanOrEqual(360);
      await box.screenshot({ path: path.join(SHOTS, `verdict-${id}-narrow.png`) });
    }
    expect(await narrow.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await narrow.context().close();
  }, 300_000);

  it('screenshots every figure of the article at desktop width and 360 px (static and interactive)', async () => {
    for (const [label, viewport] of [['desktop', { width: 1200, height: 900 }], ['narrow', { width: 360, height: 800 }]] as const) {
      const { page, log } = await openPage(site.browser(), site.url(), viewport);
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
  }, 360_000); // 16 figures × 2 widths, each hovered (data fetched) and screenshotted: minutes on a busy 2-core machine

  it('citations copy, data downloads, SVG and PNG export', async () => {
    const { page, log } = await openPage(site.browser(), site.url());
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url() });
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

  it(`works under "Content-Security-Policy: ${CSP}": no violation; figure tools, reference copy and figures respond`, async () => {
    const strict = await serveStatic(dist, { headers: { 'content-security-policy': CSP } });
    // An init script runs before the page's own, outside its CSP: it hears every violation from the first byte.
    const record = `window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));`;
    const { page, log } = await openPage(site.browser(), strict.url, undefined, record);
    const violations = () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    try {
      expect(await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'))).toBe(CSP);
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: strict.url });
      // The figures' data blocks are inline <script type="application/json">: present, read (fig-1 hydrates from one), not blocked.
      expect(await page.locator('script[type="application/json"]').count()).toBeGreaterThan(0);
      const figure = page.locator('#fig-1');
      await page.locator('#fig-1[data-hydrated="true"]').waitFor();
      await figure.locator('.plot svg').focus();
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => figure.locator('.readout').textContent()).toMatch(/α 0\.\d+, β 0: train loss \d/);
      // Figure tools: copy the citation, export SVG and PNG.
      await page.locator('#fig-1[data-tools="ready"]').waitFor();
      await figure.locator('details.cite summary').click();
      await figure.locator('button[data-copy="bibtex"]').click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/^@misc\{landscape\d+fig1,/);
      const [svgDownload] = await Promise.all([page.waitForEvent('download'), figure.locator('button[data-export="svg"]').click()]);
      expect(readFileSync((await svgDownload.path())!, 'utf8')).toContain('class="contour"');
      const [pngDownload] = await Promise.all([page.waitForEvent('download'), figure.locator('button[data-export="png"]').click()]);
      expect(readFileSync((await pngDownload.path())!).subarray(1, 4).toString()).toBe('PNG');
      // The references' copy button.
      const refs = page.locator('#references');
      await refs.locator('details.cite summary').first().click();
      await refs.locator('button.copy').first().click();
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toMatch(/^@inproceedings\{li2018visualizing/);
      // The normalization switch (its script, like the two above, was once inlined by the build).
      const dirs = page.locator(FIG.directions);
      await page.locator(`${FIG.directions}[data-hydrated="true"]`).waitFor();
      await dirs.locator('input[value="filter"]').focus();
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => dirs.getAttribute('data-state'), { timeout: 10_000 }).toBe('none');
      expect(await violations()).toEqual([]);
      expect(log.consoleErrors).toEqual([]);
      expect(log.externalRequests).toEqual([]);
      // The policy is in force and the listener hears it: an inline script added now is refused and reported.
      await page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.__inlineRan = true';
        document.body.append(s);
      });
      await expect.poll(violations).toHaveLength(1);
      expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
    } finally {
      await page.context().close();
      await strict.close();
    }
  });

  it('without JavaScript the static figure is there; dark mode and print render legibly', async () => {
    const ctx = await site.browser().newContext({ javaScriptEnabled: false, viewport: { width: 1200, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(site.url());
    expect(await page.locator('#fig-1 .plot svg path.contour').count()).toBeGreaterThan(10);
    expect(await page.locator('#fig-1 .figure-controls').isVisible()).toBe(false);
    // The direction figure without JavaScript: the filter-normalized view and a note; no switch.
    const dirs = page.locator(FIG.directions);
    expect(await dirs.locator('.direction-state[data-state="filter"]').isVisible()).toBe(true);
    expect(await dirs.locator('.direction-state[data-state="none"]').isVisible()).toBe(false);
    expect(await dirs.locator('.direction-nojs').isVisible()).toBe(true);
    expect(await dirs.locator('.direction-switch').isVisible()).toBe(false);
    await ctx.close();
    const { page: dark } = await openPage(site.browser(), site.url());
    await dark.emulateMedia({ colorScheme: 'dark' });
    await dark.locator('#fig-1[data-hydrated="true"]').waitFor();
    const fg = await dark.evaluate(() => getComputedStyle(document.querySelector('#fig-1 .figure-plot')!).color);
    expect(fg).toBe('rgb(232, 232, 234)'); // axes and labels use currentColor: light on the dark panel
    await dark.locator('#fig-1').screenshot({ path: path.join(SHOTS, 'fig-1-dark.png') });
    await dark.emulateMedia({ media: 'print', colorScheme: 'light' });
    expect(await dark.locator('#fig-1 .figure-controls').isVisible()).toBe(false);
    // Print shows both normalizations of the direction figure.
    expect(await dark.locator(`${FIG.directions} .direction-state[data-state="none"]`).isVisible()).toBe(true);
    expect(await dark.locator(`${FIG.directions} .direction-state[data-state="filter"]`).isVisible()).toBe(true);
    await dark.screenshot({ path: path.join(SHOTS, 'page-print.png'), fullPage: true });
    await dark.context().close();
  });
});

/**
 * Issue #13 (items 6 and 7): the article is citable from one config (meta tags, every "Cite this figure", permalinks,
 * a table of contents), names runs instead of ids in what a reader sees, and promises interaction (sliders, replay,
 * switches, shareable links) only where JavaScript runs; print uses the static wording and keeps boxes whole.
 */
describe('citable, readable names, print and no-JS wording', () => {
  /** The URL the build was configured with: the test's environment decides, as it does for the build. */
  const config = () => siteConfig(process.env);
  const html = () => readFileSync(path.join(dist, 'index.html'), 'utf8');
  const metas = (page: string, name: string) => [...page.matchAll(new RegExp(`<meta name="${name}" content="([^"]*)"`, 'g'))].map((m) => m[1]);
  /** Text a reader sees without interacting (no markup, scripts, styles, plot internals, provenance, downloads or citations). */
  const readerText = (page: string) =>
    page
      .replace(/<(script|style|svg)\b[\s\S]*?<\/\1>/g, ' ')
      .replace(/<details class="(downloads|cite)[\s\S]*?<\/details>/g, ' ')
      .replace(/ · Run [a-z0-9-]+ · [^<]*/g, ' ') // a provenance line keeps its id, after the run's name
      .replace(/<[^>]+>/g, ' ');
  /** Sentences that promise interaction, which must not be visible without JavaScript or on paper. */
  const PROMISES = /\b(sliders?|drag\w*|hover\w*|animat\w*|replay\w*|shares? it|press play|switch on the figure)\b/i;

  it('Google Scholar and canonical tags carry the configured title, authors, date and URL; no example.org anywhere', () => {
    const page = html();
    const c = config();
    expect(page).toContain(`<link rel="canonical" href="${c.articleUrl}">`);
    expect(metas(page, 'citation_title')).toEqual([c.title]);
    expect(metas(page, 'citation_author')).toEqual(c.authors.map((a) => a.name));
    expect(metas(page, 'citation_publication_date')).toHaveLength(1);
    expect(metas(page, 'citation_publication_date')[0]).toMatch(/^\d{4}\/\d\d\/\d\d$/);
    expect(metas(page, 'citation_abstract_html_url')).toEqual([c.articleUrl]);
    expect(page).not.toContain('example.org');
    const ld = JSON.parse(page.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)![1]);
    expect(ld).toMatchObject({ '@type': 'ScholarlyArticle', url: c.articleUrl });
  });

  it('every figure has a permalink to its anchor, and its citation cites that anchor under the configured URL', () => {
    const page = html();
    const figures = [...page.matchAll(/<figure class="figure[^"]*" id="(fig-\d+)"[\s\S]*?<\/figure>/g)];
    expect(figures.length).toBeGreaterThanOrEqual(16);
    for (const [fig, id] of figures) {
      expect(fig, id).toMatch(new RegExp(`<a class="permalink" href="#${id}"`));
      const cite = fig.match(/<pre class="cite-text"[^>]*>([\s\S]*?)<\/pre>/)?.[1];
      expect(cite, id).toContain(`${config().articleUrl}#${id}.`);
      expect(fig.match(/<pre class="cite-bibtex"[^>]*>([\s\S]*?)<\/pre>/)?.[1], id).toContain(`\\url{${config().articleUrl}#${id}}`);
    }
    // The article's own citation too.
    expect(page.match(/<h3 id="citing">[\s\S]*?<p class="cite-text"[^>]*>([\s\S]*?)<\/p>/)?.[1]).toContain(config().articleUrl);
  });

  it('the table of contents lists every h2 and h3, and each of its links resolves to an id on the page', () => {
    const page = html();
    const toc = page.match(/<nav class="toc"[\s\S]*?<\/nav>/)?.[0];
    expect(toc).toBeTruthy();
    const targets = [...new Set([...toc!.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]))];
    const ids = new Set([...page.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    for (const t of targets) expect(ids.has(t), `#${t}`).toBe(true);
    const headingIds = [...page.matchAll(/<h[23][^>]*\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(headingIds.length).toBeGreaterThan(8);
    for (const h of headingIds) expect(targets, h).toContain(h);
  });

  it('a reader sees run names, not ids: prose, verdict boxes, tables; each provenance line leads with a name', () => {
    const page = html();
    const text = readerText(page);
    const id = /\b(batch-(sgd|adam)-[a-z-]+|resnet\d+-(no)?skip(-s\d+)?|width-\d+(-s\d+)?|grid-lr[0-9p]+-bs\d+|interp-[a-z-]+|mlp-surface[a-z0-9-]*)\b/;
    expect(text.match(id)?.[0] ?? null, text.match(new RegExp(`.{0,120}${id.source}.{0,60}`))?.[0]).toBeNull();
    const lines = [...page.matchAll(/<span class="run-name">([^<]*)<\/span> · Run ([a-z0-9-]+) ·/g)];
    expect(lines.length).toBeGreaterThan(16);
    for (const [, name, run] of lines) {
      expect(name, run).not.toBe('');
      expect(name, run).not.toMatch(id);
    }
  });

  describe.runIf(chromiumAvailable() || process.env.CI)('in the browser', () => {
    const site = servedSite(() => dist);

    it('without JavaScript no visible text promises sliders, replay or shareable links; with it, that wording appears', async () => {
      const ctx = await site.browser().newContext({ javaScriptEnabled: false, viewport: { width: 1200, height: 900 } });
      const page = await ctx.newPage();
      await page.goto(site.url());
      const text = await page.evaluate(() => document.body.innerText);
      expect(text.match(PROMISES)?.[0] ?? null).toBeNull();
      expect(await page.locator('.js-only').count()).toBeGreaterThan(0);
      for (const el of await page.locator('.js-only').all()) expect(await el.isVisible()).toBe(false);
      // The table of contents works as plain links: open on a wide screen, following one scrolls to its section.
      expect(await page.locator('.toc-full').isVisible()).toBe(true);
      await page.locator('.toc-full a[href="#convexity"]').click();
      await expect.poll(() => page.evaluate(() => location.hash)).toBe('#convexity');
      await ctx.close();
      const { page: scripted, log } = await openPage(site.browser(), site.url());
      await expect.poll(() => scripted.evaluate(() => document.documentElement.classList.contains('js'))).toBe(true);
      expect(await scripted.locator('.js-only').first().isVisible()).toBe(true);
      expect(await scripted.evaluate(() => document.body.innerText)).toMatch(PROMISES);
      expect(log.consoleErrors).toEqual([]);
      await scripted.context().close();
    });

    it('on a phone the contents collapse behind one summary, and open to the same links', async () => {
      const { page } = await openPage(site.browser(), site.url(), { width: 360, height: 800 });
      expect(await page.locator('.toc-full').isVisible()).toBe(false);
      const compact = page.locator('.toc-compact');
      expect(await compact.isVisible()).toBe(true);
      expect(await compact.locator('a').first().isVisible()).toBe(false);
      await compact.locator('summary').click();
      expect(await compact.locator('a').first().isVisible()).toBe(true);
      expect(await compact.locator('a').count()).toBe(await page.locator('.toc-full a').count());
      await page.context().close();
    });

    it('print: static wording even after scripts ran, no controls or permalinks, figures and verdict boxes kept whole', async () => {
      const { page } = await openPage(site.browser(), site.url());
      await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('js'))).toBe(true);
      await page.emulateMedia({ media: 'print' });
      const text = await page.evaluate(() => document.body.innerText);
      expect(text.match(PROMISES)?.[0] ?? null).toBeNull();
      for (const el of await page.locator('.js-only').all()) expect(await el.isVisible()).toBe(false);
      expect(await page.locator('.figure-controls:visible, .permalink:visible').count()).toBe(0);
      const breaks = await page.evaluate(() =>
        [...document.querySelectorAll('.verdict, figure.figure')].map((e) => ({ id: e.id, breakInside: getComputedStyle(e).breakInside })),
      );
      expect(breaks.length).toBeGreaterThan(16);
      expect(breaks.filter((b) => b.breakInside !== 'avoid')).toEqual([]);
      await page.context().close();
    });
  });
});
