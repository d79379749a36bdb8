/** Shared by the browser tests: build the site, check figures, run axe-core, measure the first view. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../helpers/cli';

export const SHOTS = path.join(ROOT, 'test-results', 'screenshots');

/**
 * The results folder the browser tests build from: PRECOMPUTED_DIR when set (with LANDSCAPE_PROFILE naming its
 * profile; both reach the build through the environment), else the committed precomputed/.
 */
export function resultsDir(): string {
  return process.env.PRECOMPUTED_DIR ?? path.join(ROOT, 'precomputed');
}

/**
 * Astro builds of one project must not overlap (they share .astro/ and Vite's cache): test files run in parallel
 * workers, so builds take a lock directory, waited for synchronously (stale after 5 minutes).
 */
function withBuildLock<T>(fn: () => T): T {
  const lock = path.join(tmpdir(), `landscape-astro-build-${createHash('sha1').update(ROOT).digest('hex').slice(0, 8)}.lock`);
  const start = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 300_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() - start > 600_000) throw new Error(`waited 10 minutes for ${lock}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * One Astro build takes ~15 s alone, but minutes when it shares 2 cores with a running compute (it gets starved, not
 * slower): the build, and the hooks and tests that wait for one, allow this much.
 */
export const BUILD_TIMEOUT_MS = 600_000;

export function astroBuild(outDir: string, env: Record<string, string> = {}) {
  return withBuildLock(() => spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'], {
    cwd: ROOT,
    env: { ...process.env, ASTRO_OUT_DIR: outDir, ...env },
    encoding: 'utf8',
    timeout: BUILD_TIMEOUT_MS,
  }));
}

/** Every figure on the page: its id and how much it draws (SVG paths/rects/circles with geometry). */
export async function figureInventory(page: Page) {
  return page.$$eval('figure.figure', (figs) =>
    figs.map((f) => {
      const svgs = [...f.querySelectorAll('.figure-plot svg')];
      const marks = svgs.reduce((n, s) => n + s.querySelectorAll('path[d]:not([d=""]), rect.cell, circle.point, circle.checkpoint').length, 0);
      return { id: f.id, svgs: svgs.length, marks, width: Math.round(f.getBoundingClientRect().width) };
    }),
  );
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
  targets: string[];
}

/** axe-core, injected from node_modules (no network); returns serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8') });
  const violations = await page.evaluate(async () => {
    const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map((n: any) => String(n.target)) }));
  });
  return (violations as AxeViolation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Bytes of everything the page loaded before any interaction (document + resources, bodies). */
export async function firstViewBytes(page: Page): Promise<{ total: number; byType: Record<string, number> }> {
  await page.waitForLoadState('networkidle');
  return page.evaluate(() => {
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')] as PerformanceResourceTiming[];
    const byType: Record<string, number> = {};
    let total = 0;
    for (const e of entries) {
      const size = e.decodedBodySize || e.encodedBodySize || 0;
      const ext = (new URL(e.name).pathname.match(/\.(\w+)$/)?.[1] ?? 'html').toLowerCase();
      byType[ext] = (byType[ext] ?? 0) + size;
      total += size;
    }
    return { total, byType };
  });
}
