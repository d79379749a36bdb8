import { describe, expect, it } from 'vitest';
import { explorerReadout, findRun, nearestRun, parseSetting, percentile, runAxes, settingToSearch, sliderValueText, snap } from '../../src/components/client/run-state';
import { moveCell } from '../../src/components/client/grid-cursor';
import { artifactCsv } from '../../src/site/csv';
import { figureCitation } from '../../src/site/cite';

// A literal 2×2 learning-rate × batch-size grid with one hole.
const runs = [
  { id: 'a', lr: 0.01, bs: 128 },
  { id: 'b', lr: 0.1, bs: 128 },
  { id: 'c', lr: 0.01, bs: 2048 },
];
const axes = runAxes(runs);

describe('RunExplorer state', () => {
  it('collects the sorted axes of the grid', () => {
    expect(axes).toEqual({ lrs: [0.01, 0.1], bss: [128, 2048] });
  });
  it('finds the run at a setting, or none at a hole, and the nearest run', () => {
    expect(findRun(runs, { lr: 0.1, bs: 128 })?.id).toBe('b');
    expect(findRun(runs, { lr: 0.1, bs: 2048 })).toBeNull();
    expect(['b', 'c']).toContain(nearestRun(runs, { lr: 0.1, bs: 2048 }).id);
    expect(nearestRun(runs, { lr: 0.012, bs: 100 }).id).toBe('a');
  });
  it('reads the URL, snapping to the grid, ignoring junk', () => {
    const fallback = { lr: 0.01, bs: 128 };
    expect(parseSetting('?lr=0.1&bs=2048', axes, fallback)).toEqual({ lr: 0.1, bs: 2048 });
    expect(parseSetting('?lr=0.09&bs=3000', axes, fallback)).toEqual({ lr: 0.1, bs: 2048 });
    expect(parseSetting('?lr=abc&bs=-4', axes, fallback)).toEqual(fallback);
    expect(parseSetting('', axes, fallback)).toEqual(fallback);
    expect(snap([1, 10, 100], 30)).toBe(10);
  });
  it('writes the URL keeping other parameters', () => {
    expect(settingToSearch({ lr: 0.1, bs: 128 }, '?x=1&lr=3')).toBe('?x=1&lr=0.1&bs=128');
  });
  it('the readout: test error for a run, "diverged" with epoch and reason for a diverged one (exact or nearest)', () => {
    const ok = { id: 'b', lr: 0.1, bs: 128, testError: 0.123 };
    const bad = { id: 'c', lr: 0.01, bs: 2048, testError: null, diverged: { reason: 'train loss NaN', epoch: 2 } };
    expect(explorerReadout(ok, ok, true)).toEqual({ before: 'Run b: learning rate 0.1, batch size 128, test error ', strong: '12.3%', strongClass: 'test-error', after: '.' });
    expect(explorerReadout({ ...ok, name: 'SGD, batch 128' }, ok, true).before).toBe('SGD, batch 128: test error ');
    expect(explorerReadout(bad, bad, true)).toEqual({ before: 'Run c: learning rate 0.01, batch size 2048, ', strong: 'diverged', strongClass: 'run-diverged', after: ' at epoch 2: train loss NaN.' });
    const r = explorerReadout(bad, { lr: 0.1, bs: 2048 }, false);
    expect(r.before + r.strong + r.after).toBe('No run at learning rate 0.1, batch size 2048; showing the nearest, c (learning rate 0.01, batch size 2048), diverged at epoch 2: train loss NaN.');
  });
  it('a slider that selects a diverged run says so', () => {
    expect(sliderValueText('0.01', { id: 'c', lr: 0.01, bs: 2048, testError: null, diverged: { reason: 'x', epoch: null } })).toBe('0.01, run diverged');
    expect(sliderValueText('0.1', { id: 'b', lr: 0.1, bs: 128, testError: 0.1, diverged: null })).toBe('0.1');
    expect(sliderValueText('0.1', null)).toBe('0.1');
  });
  it('percentile is nearest-rank', () => {
    expect(percentile([5, 1, 3, 2, 4], 95)).toBe(5);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  });
});

describe('grid cursor keys', () => {
  it('moves, clamps at edges, jumps home', () => {
    expect(moveCell({ i: 0, j: 0 }, 'ArrowLeft', false, 3, 3, { i: 1, j: 1 })).toEqual({ i: 0, j: 0 });
    expect(moveCell({ i: 0, j: 0 }, 'ArrowUp', true, 10, 10, { i: 1, j: 1 })).toEqual({ i: 0, j: 5 });
    expect(moveCell({ i: 2, j: 2 }, 'Home', false, 3, 3, { i: 1, j: 1 })).toEqual({ i: 1, j: 1 });
    expect(moveCell({ i: 2, j: 2 }, 'a', false, 3, 3, { i: 1, j: 1 })).toBeNull();
  });
});

describe('downloads and citations', () => {
  it('a surface as CSV: one row per (α, β), row-major, missing values empty', () => {
    const csv = artifactCsv({
      kind: 'surface2d', id: 's', title: 't', directions: { seed: 1, normalization: 'filter', biasBn: 'ignore' },
      x: [0, 1], y: [0, 1], evaluated: { train: 1, test: 1 },
      metrics: { trainLoss: [1, 2, 3, null], trainAccuracy: [0, 0, 0, 0], testLoss: [1, 1, 1, 1], testAccuracy: [1, 1, 1, 1] },
    });
    expect(csv.split('\n').slice(0, 3)).toEqual(['alpha,beta,trainLoss,trainAccuracy,testLoss,testAccuracy', '0,0,1,0,1,1', '1,0,2,0,1,1']);
    expect(csv.split('\n')[4]).toBe('1,1,,0,1,1');
  });
  it('a figure citation carries its URL and data, BibTeX-escaped', () => {
    const c = figureCitation({ number: 2, title: 'Loss_surface 100%', url: 'https://x.org/#fig-2', year: 2026, data: ['mlp (config abc)'] });
    expect(c.text).toContain('Figure 2: Loss_surface 100%');
    expect(c.text).toContain('https://x.org/#fig-2');
    expect(c.bibtex).toContain('@misc{landscape2026fig2,');
    expect(c.bibtex).toContain('Loss\\_surface 100\\%');
    expect(c.bibtex).toContain('\\url{https://x.org/#fig-2}');
  });
});
