/**
 * The 3D views in Debian's chromium with software WebGL (SwiftShader): the built article's Figure 1 (one surface) and
 * the compared panels of Figures 8 (skip / no skip) and 6 (small / large batch) in 3D. three.js is fetched only when
 * a 3D button is pressed; every canvas draws a surface; turning one panel (drag or keys) turns the others; zoom stops
 * at the limits and nothing ever reaches the canvas edge; dark mode gives a dark picture. Screenshots, light and
 * dark, 1280 and 360 px wide, land in test-results/screenshots/.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { chromiumAvailable, openPage, servedSite } from '../helpers/browser';
import { BUILD_TIMEOUT_MS, SHOTS, astroBuild, seriousAxeViolations } from './figure-checks';

/** The lazy chunks of the 3D views (three.js is in the surface3d one). */
const CHUNK_3D = /\/(surface3d|compare3d|three)[^/]*\.js/;
/** Software WebGL on a loaded 2-core machine: the chunk and the first frames may take seconds. */
const SLOW = { timeout: 30_000 };

let dist: string;
let build: ReturnType<typeof astroBuild>;
beforeAll(() => {
  dist = mkdtempSync(path.join(tmpdir(), 'landscape-3d-'));
  build = astroBuild(dist);
}, BUILD_TIMEOUT_MS + 60_000);

/** What a view's 2D canvas shows: background (a corner pixel), the share of other pixels, of saturated ones, and the border. */
async function pixels(canvas: Locator) {
  return canvas.evaluate((c: HTMLCanvasElement) => {
    const { data, width, height } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    const at = (x: number, y: number) => [...data.slice(4 * (y * width + x), 4 * (y * width + x) + 3)];
    const bg = at(width - 2, height - 2);
    const differs = (k: number) => Math.abs(data[k] - bg[0]) + Math.abs(data[k + 1] - bg[1]) + Math.abs(data[k + 2] - bg[2]) > 24;
    let drawn = 0;
    let colorful = 0;
    let border = 0;
    const band = 3; // px (×dpr) at every edge: the camera keeps everything inside a wider margin, so this stays empty
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const k = 4 * (y * width + x);
        if (!differs(k)) continue;
        drawn++;
        if (Math.max(data[k], data[k + 1], data[k + 2]) - Math.min(data[k], data[k + 1], data[k + 2]) > 60) colorful++;
        if (x < band || y < band || x >= width - band || y >= height - band) border++;
      }
    const luminance = (0.2126 * bg[0] + 0.7152 * bg[1] + 0.0722 * bg[2]) / 255;
    return { luminance, drawn: drawn / (width * height), colorful: colorful / (width * height), border };
  });
}

const camera = (canvas: Locator) => canvas.getAttribute('data-camera');
const distanceOf = (cam: string | null) => Number(cam!.split(' ')[2]);

async function drag(page: Page, canvas: Locator, dx: number, dy: number) {
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + dx, box.y + box.height / 2 + dy, { steps: 8 });
  await page.mouse.up();
}

/** Press a figure's 3D button and wait for its views; returns the requests made before the press. */
async function open3d(page: Page, id: string, requested: string[]) {
  const fig = page.locator(`#${id}`);
  await page.locator(`#${id}[data-hydrated="true"]`).waitFor();
  await fig.scrollIntoViewIfNeeded();
  const before = [...requested];
  await fig.locator('button.view3d').click();
  const host = fig.locator('.compare3d, .surface3d');
  await expect.poll(() => host.getAttribute('data-state'), SLOW).toBe('ready');
  await expect.poll(() => fig.locator('canvas').first().getAttribute('data-camera'), SLOW).not.toBeNull();
  return { fig, host, before };
}

describe.skipIf(!chromiumAvailable())('3D views (software WebGL)', () => {
  const site = servedSite(() => dist, { shots: SHOTS, webgl: true });

  it('the site builds', () => {
    expect(build.status, build.stdout + build.stderr).toBe(0);
  });

  it('Figure 8: the skip / no-skip panels in 3D, loaded on demand, drawn, with linked cameras that never clip', async () => {
    const { page, log } = await openPage(site.browser(), site.url(), { width: 1280, height: 900 });
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    const { fig, host, before } = await open3d(page, 'fig-8', requested);
    expect(before.filter((u) => CHUNK_3D.test(u)), 'no 3D code before the button').toEqual([]);
    expect(requested.some((u) => /compare3d/.test(u)) && requested.some((u) => /surface3d/.test(u))).toBe(true);

    const canvases = host.locator('canvas');
    const panels = await fig.locator('.figure-plot.panels > .plot:not(.run-diverged)').count();
    expect(await canvases.count()).toBe(panels);
    expect(panels).toBeGreaterThanOrEqual(2);
    await expect.poll(async () => (await pixels(canvases.nth(1))).colorful, SLOW).toBeGreaterThan(0.03);
    for (let n = 0; n < panels; n++) {
      const p = await pixels(canvases.nth(n));
      expect(p.luminance, `panel ${n} background`).toBeGreaterThan(0.9);
      expect(p.colorful, `panel ${n} draws a viridis surface`).toBeGreaterThan(0.03);
      expect(p.drawn).toBeLessThan(0.8);
      expect(p.border, `panel ${n} reaches the canvas edge`).toBe(0);
      expect(await canvases.nth(n).getAttribute('aria-label')).toMatch(/^3D view of .+ Drag or use the arrow keys/);
      expect(await canvases.nth(n).getAttribute('tabindex')).toBe('0');
    }
    await page.waitForTimeout(300);
    await fig.screenshot({ path: path.join(SHOTS, 'fig-8-3d-pair.png') });

    // Dragging the first panel turns the second (and every other) the same way.
    const [a, b] = [canvases.nth(0), canvases.nth(1)];
    const start = await camera(b);
    expect(await camera(a)).toBe(start);
    await drag(page, a, 90, -40);
    await expect.poll(() => camera(b)).not.toBe(start);
    expect(await camera(b)).toBe(await camera(a));
    expect(await camera(canvases.nth(panels - 1))).toBe(await camera(a));
    // Keys on the second turn the first.
    const moved = await camera(a);
    await b.focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => camera(a)).not.toBe(moved);
    expect(await camera(a)).toBe(await camera(b));

    // Zoom stops at the limits: never closer than the fit (the start), at most 3× as far.
    const closest = distanceOf(start);
    for (let k = 0; k < 12; k++) await page.keyboard.press('+');
    await expect.poll(async () => distanceOf(await camera(a))).toBeCloseTo(closest, 2);
    for (let k = 0; k < 12; k++) await page.keyboard.press('-');
    await expect.poll(async () => distanceOf(await camera(a))).toBeCloseTo(3 * closest, 1);
    // At the far and near limits, looking from below (the polar limit) and from above: nothing reaches the edge.
    for (const [dx, dy, zoom] of [[0, 300, '-'], [200, -500, '+'], [-150, 120, '+']] as const) {
      await drag(page, a, dx, dy);
      await b.focus();
      for (let k = 0; k < 6; k++) await page.keyboard.press(zoom);
      await page.waitForTimeout(150);
      for (const c of [a, b]) expect((await pixels(c)).border).toBe(0);
    }
    const polar = Number((await camera(a))!.split(' ')[1]);
    expect(polar).toBeLessThan(Math.PI / 2 + 0.3); // dragged far down, the camera stays above the base

    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(async () => (await pixels(a)).luminance).toBeLessThan(0.15);
    expect((await pixels(b)).luminance).toBeLessThan(0.15);
    expect((await pixels(b)).colorful).toBeGreaterThan(0.02);
    await fig.screenshot({ path: path.join(SHOTS, 'fig-8-3d-pair-dark.png') });
    expect(log.consoleErrors.filter((e) => !/GPU stall|WebGL|GroupMarkerNotSet/i.test(e))).toEqual([]);
    await page.context().close();
  });

  it('Figure 6: small / large batch in 3D follow the metric switch, on one scale', async () => {
    const { page, log } = await openPage(site.browser(), site.url(), { width: 1280, height: 900 });
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    const { fig, host } = await open3d(page, 'fig-6', requested);
    const canvases = host.locator('canvas');
    expect(await canvases.count()).toBeGreaterThanOrEqual(2);
    await expect.poll(async () => (await pixels(canvases.nth(0))).colorful, SLOW).toBeGreaterThan(0.03);
    const note = host.locator('.note3d');
    expect(await note.textContent()).toMatch(/one scale for every panel/);
    await fig.screenshot({ path: path.join(SHOTS, 'fig-6-3d-pair.png') });
    // axe-core on the open 3D views (other figures are site.test's).
    const in3d = (await seriousAxeViolations(page)).filter((v) => v.targets.some((t) => /compare3d|surface3d|panel3d|view3d/.test(t)));
    expect(in3d).toEqual([]);
    // Another metric redraws every 3D panel (the note names it).
    await fig.locator('select.metric').selectOption('testAccuracy');
    await expect.poll(() => note.textContent()).toMatch(/test accuracy/i);
    expect(await canvases.first().getAttribute('aria-label')).toMatch(/test accuracy/i);
    // Closing hides the 3D views, reopening shows the same ones (nothing loaded twice).
    await fig.locator('button.view3d').click();
    expect(await host.isHidden()).toBe(true);
    const count = requested.length;
    await fig.locator('button.view3d').click();
    expect(await host.isVisible()).toBe(true);
    expect(requested.length).toBe(count);
    expect(log.consoleErrors.filter((e) => !/GPU stall|WebGL|GroupMarkerNotSet/i.test(e))).toEqual([]);
    await page.context().close();
  });

  it('without WebGL the 3D views say so instead of failing', async () => {
    // A browser with WebGL turned off: getContext answers null for every WebGL kind.
    const noWebgl = `{ const get = HTMLCanvasElement.prototype.getContext; HTMLCanvasElement.prototype.getContext = function (kind, ...rest) { return /webgl/.test(kind) ? null : get.call(this, kind, ...rest); }; }`;
    const { page } = await openPage(site.browser(), site.url(), { width: 1280, height: 900 }, noWebgl);
    for (const id of ['fig-1', 'fig-8']) {
      const fig = page.locator(`#${id}`);
      await page.locator(`#${id}[data-hydrated="true"]`).waitFor();
      await fig.locator('button.view3d').click();
      const host = fig.locator('.compare3d, .surface3d');
      await expect.poll(() => host.getAttribute('data-state'), SLOW).toBe('no-webgl');
      expect(await host.textContent()).toMatch(/needs WebGL/);
      expect(await host.locator('canvas').count()).toBe(0);
    }
    await page.context().close();
  });

  it('Figure 1 in 3D: axes, θ* pin, light and dark, desktop and 360 px', async () => {
    for (const { width, suffix } of [{ width: 1280, suffix: '' }, { width: 360, suffix: '-narrow' }]) {
      const { page, log } = await openPage(site.browser(), site.url(), { width, height: 900 });
      const requested: string[] = [];
      page.on('request', (r) => requested.push(r.url()));
      const { fig, host, before } = await open3d(page, 'fig-1', requested);
      expect(before.filter((u) => CHUNK_3D.test(u))).toEqual([]);
      const canvas = host.locator('canvas');
      await expect.poll(async () => (await pixels(canvas)).colorful, SLOW).toBeGreaterThan(0.03);
      const box = (await canvas.boundingBox())!;
      expect(box.width).toBeLessThanOrEqual(width); // never wider than the screen
      expect((await pixels(canvas)).border).toBe(0);
      expect(await host.locator('.note3d').textContent()).toMatch(/θ\*.*Drag, or focus the view and use the arrow keys.*pinch to zoom/);
      await fig.screenshot({ path: path.join(SHOTS, `fig-1-3d${suffix}.png`) });
      await page.emulateMedia({ colorScheme: 'dark' });
      await expect.poll(async () => (await pixels(canvas)).luminance, SLOW).toBeLessThan(0.15);
      await fig.screenshot({ path: path.join(SHOTS, `fig-1-3d-dark${suffix}.png`) });
      await page.emulateMedia({ colorScheme: 'light' });
      await expect.poll(async () => (await pixels(canvas)).luminance, SLOW).toBeGreaterThan(0.9);
      // The 2D switches redraw the 3D view too, with the metric's name on its axis and in its note.
      await fig.locator('select.metric').selectOption('testLoss');
      await expect.poll(() => canvas.getAttribute('aria-label')).toMatch(/test loss/);
      expect(await host.locator('.note3d').textContent()).toMatch(/^Height and color: test loss on a log scale/);
      if (width < 500) {
        await page.locator('#fig-8[data-hydrated="true"]').waitFor();
        const f8 = await open3d(page, 'fig-8', requested);
        await expect.poll(async () => (await pixels(f8.host.locator('canvas').first())).colorful, SLOW).toBeGreaterThan(0.03);
        await f8.fig.screenshot({ path: path.join(SHOTS, 'fig-8-3d-pair-narrow.png') });
      }
      expect(log.consoleErrors.filter((e) => !/GPU stall|WebGL|GroupMarkerNotSet/i.test(e))).toEqual([]);
      await page.context().close();
    }
  });
});
