/**
 * Diverged runs on the site's side: the status helper the components use before they ask for an artifact, and the
 * readers that must not crash on a diverged result that holds a training history only (or nothing at all): the
 * protocol table, runValue, direction curves, convexity domains and the claims. Results are literal fixtures written
 * to a temporary PRECOMPUTED_DIR, set before the site modules are imported (precomputed.ts reads it on import).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { design } from '../../src/lib/design';
import { serializeResult, type ExperimentResult } from '../../src/lib/schema';
import { convexityFixture, curveFixture, experimentFixture, scalarsFixture, surfaceFixture, trainingFixture } from '../helpers/fixtures';
import { divergedFrom } from '../helpers/diverged';

const dir = mkdtempSync(path.join(tmpdir(), 'landscape-diverged-'));
process.env.PRECOMPUTED_DIR = dir;

const SETUP = { optimizer: 'sgd' as const, lr: 0.1, batchSize: 64, weightDecay: 0, momentum: 0.9, epochs: 3, replicate: 1, initSeed: 2, orderSeed: 3 };
const ok = experimentFixture('ok', [trainingFixture({ testError: 0.1, epochs: 3 }), surfaceFixture((a, b) => a * a + b * b + 0.1), scalarsFixture({ lambdaMax: 5 }), convexityFixture([-1, 0, 1], [0, 0.1, 0.4, 0.2, 0, 0.1, null, 0.3, 0.2])], [SETUP]);
const bad = divergedFrom(ok, { reason: 'train loss above 10× its initial loss', epoch: 2 });
const diverged: ExperimentResult = { ...bad, id: 'bad' };
/** Marked diverged with no artifact at all: the schema refuses to store it (rule 10), but a reader must still cope. */
const bare: ExperimentResult = { ...diverged, id: 'bare', artifacts: [] };
const noSurface = experimentFixture('no-surface', [trainingFixture({ testError: 0.1 })]);
const curves = (id: string) => {
  const x = [-1, -0.5, 0, 0.5, 1];
  return experimentFixture(id, [trainingFixture({ testError: 0.1 }), ...[1, 2].flatMap((k) => (['filter', 'none'] as const).map((n) => ({ ...curveFixture(x, (a) => k * a * a + 0.1, `curve-${n}-${k}`), axis: 'direction' as const, directions: { seed: k, normalization: n, biasBn: 'ignore' as const } })))]);
};

let site: {
  status: typeof import('../../src/site/run-status');
  runs: typeof import('../../src/site/runs');
  protocol: typeof import('../../src/site/protocol');
  directions: typeof import('../../src/site/direction-curves');
};

beforeAll(async () => {
  for (const r of [ok, diverged, noSurface, curves('curves-a')]) writeFileSync(path.join(dir, `${r.id}.json`), serializeResult(r));
  site = {
    status: await import('../../src/site/run-status'),
    runs: await import('../../src/site/runs'),
    protocol: await import('../../src/site/protocol'),
    directions: await import('../../src/site/direction-curves'),
  };
});

describe('run status on the site', () => {
  it('a diverged result validates as the compute step writes it: status, training with its divergence, nothing else', () => {
    expect(() => serializeResult(diverged)).not.toThrow();
    expect(diverged.artifacts.map((a) => a.kind)).toEqual(['training']);
  });

  it('divergenceOf reads the status and the diverged training’s epoch; ok results have none', () => {
    const { divergenceOf, isDiverged, divergedSentence } = site.status;
    expect(divergenceOf(ok)).toBeNull();
    const d = divergenceOf(diverged)!;
    expect(d).toMatchObject({ reason: 'train loss above 10× its initial loss', epoch: 2 });
    expect(isDiverged(bare)).toBe(true);
    expect(divergenceOf(bare)!.epoch).toBeNull();
    expect(divergedSentence('Run bad', d)).toBe('Run bad diverged at epoch 2: train loss above 10× its initial loss. Not computed: surface, trajectory, curves, sharpness, convexity.');
  });

  it('artifactOrDivergence: the divergence instead of an artifact; the build still fails for an ok run without it', () => {
    const { artifactOrDivergence } = site.status;
    const shown = artifactOrDivergence('SurfaceFigure', 'bad', 'surface2d');
    expect(shown.artifact).toBeNull();
    expect(shown.diverged?.reason).toMatch(/10× its initial loss/);
    expect(artifactOrDivergence('SurfaceFigure', 'ok', 'surface2d').artifact?.kind).toBe('surface2d');
    expect(() => artifactOrDivergence('SurfaceFigure', 'no-surface', 'surface2d')).toThrow(/<SurfaceFigure experiment="no-surface">: no surface2d artifact/);
    expect(() => artifactOrDivergence('SurfaceFigure', 'nope', 'surface2d')).toThrow(/<SurfaceFigure experiment="nope">: .*nope\.json: missing/);
  });

  it('a shared convexity domain skips diverged runs; none left gives null, not [0, 1]', () => {
    const { sharedConvexityDomain } = site.status;
    expect(sharedConvexityDomain(['ok', 'bad'])).toEqual([0, 0.4]);
    expect(sharedConvexityDomain(['bad'])).toBeNull();
  });

  it('runValue: a diverged run keeps its setup and has no measured values', () => {
    const { runValue } = site.runs;
    expect(runValue(diverged, 'train.lr', 'ScatterFigure')).toBe(0.1);
    expect(runValue(diverged, 'final.testError', 'ScatterFigure')).toBeNull();
    expect(runValue(bare, 'sharpness.lambdaMax', 'ScatterFigure')).toBeNull();
    expect(runValue(diverged, 'final.diverged', 'ScatterFigure')).toBe(1);
    expect(runValue(ok, 'sharpness.lambdaMax', 'ScatterFigure')).toBe(5);
  });

  it('direction curves: a diverged run is listed with its reason, out of the y range; all diverged, no range', () => {
    const { directionStates } = site.directions;
    const [filter] = directionStates([{ label: 'P', runs: [{ experiment: 'bad', label: 'batch 2048' }, { experiment: 'curves-a', label: 'batch 64' }] }], 2);
    expect(filter.panels[0].runs.map((r) => [r.label, r.slot])).toEqual([['batch 64', 1]]);
    expect(filter.panels[0].diverged.map((d) => [d.label, d.slot, d.divergence.epoch])).toEqual([['batch 2048', 0, 2]]);
    expect(filter.yDomain).not.toBeNull();
    const [none] = directionStates([{ label: 'P', runs: [{ experiment: 'bad', label: 'x' }] }], 2);
    expect(none).toMatchObject({ yDomain: null, xRange: null });
  });
});

describe('readers of diverged results do not crash', () => {
  it('the protocol table counts diverged replicates, with or without a training history, and names them', () => {
    const { configurationRow } = site.protocol;
    const results: Record<string, ExperimentResult> = { ok, bad: diverged, bare };
    const row = configurationRow({ key: 'k', label: 'K', family: 'mlp', group: 'G', ids: ['ok', 'bad', 'bare', 'missing'] }, (id) => results[id] ?? null);
    expect(row).toMatchObject({ planned: 4, found: 3, diverged: 2, reachedTarget: 1 });
    expect(row.testAccuracy).toMatchObject({ mean: 0.9, n: 1 });
    expect(row.divergedRuns).toEqual([
      { id: 'bad', note: 'diverged at epoch 2: train loss above 10× its initial loss' },
      { id: 'bare', note: 'diverged: train loss above 10× its initial loss' },
    ]);
  });

  it('every claim over results that all diverged (no artifacts): no crash, each says its runs were excluded', async () => {
    const { allClaims } = await import('../../src/lib/claims');
    const load = (id: string): ExperimentResult => ({ ...bare, id });
    const claims = allClaims(load, design('quick'));
    expect(claims.length).toBeGreaterThan(0);
    for (const c of claims) {
      expect(c.notes.join(' '), c.id).toMatch(/Diverged, excluded \(\d+\)/);
      expect(c.effects.every((e) => e.difference === null), c.id).toBe(true);
    }
  });
});
