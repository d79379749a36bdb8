/**
 * A diverged run on the real page: the site is built (once) from a copy of the results folder in which one run of the
 * learning-rate × batch-size explorer (a grid-lr*-bs* file) is replaced by the result the compute step writes when a
 * training diverges: same id and file, status 'diverged', only its training history (diverged, with a divergence
 * record). The explorer must show it labelled "diverged" with its reason and no color bar, keep it selectable, and
 * leave the other runs' shared color domain as it is over those runs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromiumAvailable, openPage, servedSite } from '../helpers/browser';
import { divergedFrom } from '../helpers/diverged';
import { BUILD_TIMEOUT_MS, SHOTS, astroBuild, resultsDir } from './figure-checks';
import { parseResult, serializeResult, type ExperimentResult, type Surface2D, type Trajectory } from '../../src/lib/schema';
import { sharedRiseDomain } from '../../src/lib/scales';
import { legendTicks } from '../../src/lib/plots/legend';
import { formatTick } from '../../src/lib/format';

const REASON = 'train loss 31.4 above 10× its initial loss 2.30';

const src = resultsDir();
const gridFiles = readdirSync(src).filter((f) => /^grid-lr[0-9p]+-bs\d+\.json$/.test(f));
const load = (f: string) => parseResult(readFileSync(path.join(src, f), 'utf8'), f);
const grid = gridFiles.map(load);
// The run a divergence is most plausible for: the largest learning rate, then the smallest batch.
const target = [...grid].sort((a, b) => b.trainings[0].lr - a.trainings[0].lr || a.trainings[0].batchSize - b.trainings[0].batchSize)[0];
/** The explorer's panel grid of a run (RunExplorer: the trajectory's plane, else the first surface), train loss. */
function panelValues(r: ExperimentResult): Array<number | null> | null {
  const traj = r.artifacts.find((a): a is Trajectory => a.kind === 'trajectory');
  const s = r.artifacts.find((a): a is Surface2D => a.kind === 'surface2d' && (traj?.surface === undefined || a.id === traj.surface));
  return s ? s.metrics.trainLoss : null;
}
const others = grid.filter((r) => r !== target);
/**
 * The color domain over the other runs, from their own files: what the explorer must keep (levels at rises above each
 * run's own minimum, one log scale of rises: src/lib/plots/compare.ts).
 */
const expectedDomain = sharedRiseDomain(others.map(panelValues).filter((v): v is Array<number | null> => v !== null));

let dist: string;
let build: ReturnType<typeof astroBuild>;

beforeAll(() => {
  const pre = mkdtempSync(path.join(tmpdir(), 'landscape-diverged-pre-'));
  cpSync(src, pre, { recursive: true });
  writeFileSync(path.join(pre, `${target.id}.json`), serializeResult(divergedFrom(target, { reason: REASON, epoch: 2 })));
  dist = mkdtempSync(path.join(tmpdir(), 'landscape-diverged-dist-'));
  build = astroBuild(dist, { PRECOMPUTED_DIR: pre });
}, BUILD_TIMEOUT_MS + 60_000);

const explorerPayload = (html: string) => {
  const m = html.match(/<script type="application\/json" class="explorer-data">([\s\S]*?)<\/script>/);
  return JSON.parse(m![1]);
};

describe('a diverged explorer run', () => {
  it('the site builds; the static table labels the run diverged with its reason; the shared domain is the other runs’', () => {
    expect(gridFiles.length).toBeGreaterThan(1);
    expect(build.status, build.stdout + build.stderr).toBe(0);
    const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
    const row = html.match(new RegExp(`<tr class="diverged" data-run="${target.id}">[\\s\\S]*?</tr>`))?.[0];
    expect(row).toContain(`diverged at epoch 2: ${REASON}`);
    const d = explorerPayload(html);
    expect(d.runs.find((r: any) => r.id === target.id)).toMatchObject({ diverged: { reason: REASON, epoch: 2 }, surface: null, trajectory: null, plane: null });
    expect(expectedDomain).not.toBeNull();
    // The payload rounds to 6 significant digits (src/site/payload.ts). The grid runs draw the loss on their
    // trajectory's plane when they have one, else a surface: that panel's domain is the other runs' own.
    const six = (v: [number, number] | null) => v && v.map((x) => +x.toPrecision(6));
    expect(six((grid.some((r) => r.artifacts.some((a) => a.kind === 'trajectory')) ? d.planeCs : d.surfaceCs).domain)).toEqual(six(expectedDomain));
  });
});

describe.runIf(chromiumAvailable() || process.env.CI)('in the browser', () => {
  const site = servedSite(() => dist);

  it('selected by the sliders’ URL, it reads "diverged" and its reason, with no color bar; another run keeps the shared scale', async () => {
    const { lr, batchSize: bs } = target.trainings[0];
    const { page, log } = await openPage(site.browser(), `${site.url()}?lr=${lr}&bs=${bs}`);
    const fig = page.locator('figure.run-explorer');
    await page.locator('figure.run-explorer[data-hydrated="true"]').waitFor();
    await expect.poll(() => fig.getAttribute('data-run')).toBe(target.id);
    expect(await fig.getAttribute('data-run-state')).toBe('diverged');
    expect(await fig.locator('.explorer-readout').textContent()).toContain(`diverged at epoch 2: ${REASON}`);
    expect(await fig.locator('input.lr').getAttribute('aria-valuetext')).toMatch(/, run diverged$/);
    const panels = fig.locator('.figure-plot .plot');
    for (const panel of await panels.all()) {
      expect(await panel.locator('svg.run-diverged').count()).toBe(1);
      // The label wraps into lines (tspans) to fit the frame.
      expect((await panel.locator('.no-data-label tspan').allTextContents()).join(' ')).toBe(`diverged at epoch 2: ${REASON}`);
      expect(await panel.locator('.legend').count()).toBe(0);
    }
    await fig.screenshot({ path: path.join(SHOTS, 'diverged-explorer-run.png') });
    // Move to a neighbour that did not diverge (the next batch size: the target has the smallest): its panel is drawn
    // with a color bar on the other runs' domain, exactly the ticks that domain gives.
    await fig.locator('input.bs').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => fig.getAttribute('data-run-state')).toBe('ok');
    const legend = fig.locator('.figure-plot .plot .legend').first();
    const ticks = await legend.locator('text[x="6"]').allTextContents();
    expect(ticks).toEqual(legendTicks(expectedDomain!, true).map(formatTick));
    expect(log.consoleErrors).toEqual([]);
    expect(log.externalRequests).toEqual([]);
    await page.context().close();
  });
});
