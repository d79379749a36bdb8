/** Debian's chromium through playwright-core, headless, with requests outside localhost refused and recorded. */
import { chromium, type Browser, type Page } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { serveStatic } from './serve';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

/** `webgl`: software WebGL (SwiftShader through ANGLE) instead of no GPU at all, for the 3D views. */
export async function launch({ webgl = false }: { webgl?: boolean } = {}): Promise<Browser> {
  const gpu = webgl ? ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'] : ['--disable-gpu'];
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', ...gpu, '--disable-background-networking'],
  });
}

export interface PageLog {
  consoleErrors: string[];
  externalRequests: string[];
}

/**
 * A page that records console errors and blocks (and records) every request that would leave localhost.
 * `initScript` runs in every document before the page's own scripts (e.g. to listen for CSP violations from the start).
 */
export async function openPage(browser: Browser, url: string, viewport = { width: 1200, height: 900 }, initScript?: string): Promise<{ page: Page; log: PageLog }> {
  const context = await browser.newContext({ viewport });
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  const log: PageLog = { consoleErrors: [], externalRequests: [] };
  page.on('console', (m) => m.type() === 'error' && log.consoleErrors.push(m.text()));
  page.on('pageerror', (e) => log.consoleErrors.push(e.message));
  await page.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.protocol === 'data:') return route.continue();
    log.externalRequests.push(u.href);
    return route.abort();
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, log };
}

/**
 * For a describe block: serve `root()` (the built site) and launch chromium before its tests, close both after.
 * Returns getters, since both exist only once beforeAll has run.
 */
export function servedSite(root: () => string, { shots, webgl }: { shots?: string; webgl?: boolean } = {}): { browser: () => Browser; url: () => string } {
  let browser: Browser | undefined;
  let server: Awaited<ReturnType<typeof serveStatic>> | undefined;
  beforeAll(async () => {
    server = await serveStatic(root());
    browser = await launch({ webgl });
    if (shots) mkdirSync(shots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return { browser: () => browser!, url: () => server!.url };
}
