#!/usr/bin/env node
/**
 * Performance budgets of the built site, measured in Debian's chromium (playwright-core):
 *   - first view: bytes of HTML + CSS + JS + fonts + data loaded before any interaction (budget 1 MB);
 *   - RunExplorer: slider change → redraw time, p95 over many keyboard slider moves, timed in the page with
 *     performance.now() around the redraw (budget 50 ms); measured only where a RunExplorer with ≥ 2 runs exists.
 * Usage: node scripts/budgets.mjs [--dist DIR] [--path /gallery/] [--build] [--moves 40]
 *   --build   run `astro build` into DIR first and report the build time
 * Prints one JSON object; exits 1 when a budget is exceeded.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const BUDGET = { firstViewBytes: 1_000_000, redrawP95Ms: 50 };
const { values: args } = parseArgs({
  options: { dist: { type: 'string', default: 'dist' }, path: { type: 'string', default: '/' }, build: { type: 'boolean', default: false }, moves: { type: 'string', default: '40' } },
});
const dist = path.resolve(args.dist);
const report = { dist, page: args.path, budgets: BUDGET };

if (args.build) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build'], { env: { ...process.env, ASTRO_OUT_DIR: dist }, encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(r.stdout + r.stderr);
    process.exit(2);
  }
  report.buildSeconds = +((performance.now() - t0) / 1000).toFixed(2);
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.csv': 'text/csv' };
const server = createServer(async (req, res) => {
  try {
    let file = path.join(dist, path.normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    if (!file.startsWith(dist)) throw new Error('outside');
    if ((await stat(file).catch(() => null))?.isDirectory()) file = path.join(file, 'index.html');
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const external = [];
  await page.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === '127.0.0.1' || u.protocol === 'data:') return route.continue();
    external.push(u.href);
    return route.abort();
  });
  await page.goto(base + args.path, { waitUntil: 'networkidle' });
  const fv = await page.evaluate(() => {
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
    const byType = {};
    let total = 0;
    for (const e of entries) {
      const size = e.decodedBodySize || e.encodedBodySize || 0;
      const ext = (new URL(e.name).pathname.match(/\.(\w+)$/)?.[1] ?? 'html').toLowerCase();
      byType[ext] = (byType[ext] ?? 0) + size;
      total += size;
    }
    return { total, byType, requests: entries.length };
  });
  report.firstView = fv;
  report.externalRequests = external;

  const explorer = page.locator('figure.run-explorer').first();
  const runs = (await explorer.count()) ? await explorer.evaluate((f) => JSON.parse(f.querySelector('script.explorer-data').textContent).runs.length) : 0;
  if (runs >= 2) {
    await explorer.locator('[data-hydrated="true"], :scope[data-hydrated="true"]').first().waitFor().catch(() => {});
    await page.waitForFunction((id) => document.getElementById(id)?.dataset.hydrated === 'true', await explorer.getAttribute('id'));
    await page.evaluate(() => (window.__landscapeRedraws = []));
    const sliders = [explorer.locator('input.lr'), explorer.locator('input.bs')];
    const moves = Number(args.moves);
    for (let k = 0; k < moves; k++) {
      const s = sliders[k % 2];
      const max = Number(await s.getAttribute('max'));
      if (max === 0) continue;
      const v = Number(await s.inputValue());
      await s.focus();
      await page.keyboard.press(v >= max ? 'Home' : 'ArrowRight');
      await page.waitForFunction((n) => (window.__landscapeRedraws ?? []).length >= n, k + 1, { timeout: 10_000 }).catch(() => {});
    }
    const samples = await page.evaluate(() => window.__landscapeRedraws ?? []);
    const sorted = [...samples].sort((a, b) => a - b);
    const p = (q) => +sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)].toFixed(2);
    report.redraw = { runs, samples: samples.length, p50Ms: p(0.5), p95Ms: p(0.95), maxMs: +sorted.at(-1).toFixed(2) };
  } else {
    report.redraw = { runs, note: 'no RunExplorer with ≥ 2 runs on this page: slider budget not measured' };
  }
} finally {
  await browser.close();
  server.close();
}

const over = [];
if (report.firstView.total > BUDGET.firstViewBytes) over.push(`first view ${report.firstView.total} B > ${BUDGET.firstViewBytes} B`);
if (report.redraw.p95Ms > BUDGET.redrawP95Ms) over.push(`redraw p95 ${report.redraw.p95Ms} ms > ${BUDGET.redrawP95Ms} ms`);
if (report.externalRequests.length) over.push(`requests left localhost: ${report.externalRequests.join(', ')}`);
report.ok = over.length === 0;
report.over = over;
console.log(JSON.stringify(report, null, 2));
process.exit(report.ok ? 0 : 1);
