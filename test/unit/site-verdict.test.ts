import { describe, expect, it } from 'vitest';
import type { Claim, Effect } from '../../src/lib/claims';
import { RULE } from '../../src/lib/claims';
import { effectRow, verdictView } from '../../src/site/verdict-view';
import { flipReading, verdictSentence } from '../../src/site/prose';

const iv = (mean: number, lo: number, hi: number, n = 3) => ({ mean, lo, hi, n });

// A literal claim with one effect of every status, a one-sample effect, a single value and a missing one.
const effects: Effect[] = [
  { key: 'reported', label: 'λmax, batch 2048 − batch 64', unit: 'number', paperSign: 0, a: { label: 'batch 2048', value: iv(40, 35, 45) }, b: { label: 'batch 64', value: iv(5, 4, 6) }, difference: iv(35, 29, 41), status: 'reported' },
  { key: 'as-paper', label: 'Test error, batch 2048 − batch 64', unit: 'percent', paperSign: 1, a: { label: 'batch 2048', value: iv(0.15, 0.14, 0.16) }, b: { label: 'batch 64', value: iv(0.1, 0.09, 0.11) }, difference: iv(0.05, 0.03, 0.07), status: 'as paper' },
  { key: 'opposite', label: 'Loss rise, batch 2048 − batch 64', unit: 'loss', paperSign: 1, a: { label: 'batch 2048', value: iv(0.2, 0.15, 0.25) }, b: { label: 'batch 64', value: iv(0.5, 0.45, 0.55) }, difference: iv(-0.3, -0.4, -0.2), status: 'opposite' },
  { key: 'unclear', label: 'Explained variance − 40%', unit: 'fraction', paperSign: 1, difference: iv(0.02, -0.08, 0.12), status: 'unclear' },
  { key: 'single', label: 'Fraction of the map below 0.1 (replicate 1)', unit: 'fraction', paperSign: 0, a: { label: 'batch 64', value: iv(0.8, 0.8, 0.8, 1) }, difference: iv(0.8, 0.8, 0.8, 1), status: 'reported' },
  { key: 'missing', label: 'A missing comparison', unit: 'loss', paperSign: 1, difference: null, status: 'unclear' },
];
const claim: Claim = { id: 'fixture', paper: 'A literal claim.', verdict: 'contradicted', summary: 'Literal numbers.', effects, notes: ['A note.'] };

describe('verdict box content', () => {
  it('badge, anchor, summary, notes and the rule', () => {
    const v = verdictView(claim);
    expect(v).toMatchObject({ id: 'fixture', anchor: 'claim-fixture', verdict: 'contradicted', badge: 'Contradicted', summary: 'Literal numbers.', notes: ['A note.'], rule: RULE });
    expect(verdictView({ ...claim, verdict: 'reproduced' }).badge).toBe('Reproduced');
    expect(verdictView({ ...claim, verdict: 'inconclusive' }).badge).toBe('Inconclusive');
  });

  it('deciding effects first (in the claim order), then the reported ones', () => {
    expect(verdictView(claim).rows.map((r) => [r.key, r.deciding])).toEqual([
      ['as-paper', true],
      ['opposite', true],
      ['unclear', true],
      ['missing', true],
      ['reported', false],
      ['single', false],
    ]);
  });

  it('one row per status, numbers formatted in the unit: a and b with intervals, the signed difference, n', () => {
    const rows = Object.fromEntries(verdictView(claim).rows.map((r) => [r.key, r]));
    expect(rows['as-paper']).toEqual({
      key: 'as-paper', label: 'Test error, batch 2048 − batch 64', deciding: true,
      a: { label: 'batch 2048', value: '15.0% [14.0, 16.0]' }, b: { label: 'batch 64', value: '10.0% [9.0, 11.0]' },
      difference: '+5.0 pp [+3.0, +7.0]', n: 3, status: 'as paper', statusText: 'as paper',
    });
    expect(rows.opposite).toMatchObject({ difference: '-0.3 [-0.4, -0.2]', status: 'opposite', statusText: 'opposite' });
    expect(rows.unclear).toMatchObject({ a: null, b: null, difference: '+2.0 pp [-8.0, +12.0]', statusText: 'unclear' });
    expect(rows.reported).toMatchObject({ deciding: false, difference: '+35 [+29, +41]', statusText: 'reported' });
    // One measured value (a, no b): unsigned, no interval at n = 1.
    expect(rows.single).toMatchObject({ a: { label: 'batch 64', value: '80.0%' }, b: null, difference: '80.0%', n: 1 });
    expect(rows.missing).toMatchObject({ difference: 'no data', n: 0 });
    expect(effectRow(effects[0]).difference).toBe('+35 [+29, +41]');
  });
});

describe('verdict sentences', () => {
  it('contradicted: names the opposite effect with its numbers and the prediction, counts the rest', () => {
    expect(verdictSentence(claim)).toBe(
      "Verdict: contradicted. One effect has a 95 % interval that excludes zero on the side opposite to the paper's prediction " +
        '(Loss rise, batch 2048 − batch 64: -0.3 [-0.4, -0.2] (n = 3), where the paper predicts > 0). Of the other 3 predicted effects, 1 agrees with the paper and 2 are undecided.',
    );
  });

  it('inconclusive: every undecided effect with its interval, never rounded towards the paper', () => {
    const c: Claim = { ...claim, verdict: 'inconclusive', effects: effects.filter((e) => e.status !== 'opposite') };
    const s = verdictSentence(c);
    expect(s).toMatch(/^Verdict: inconclusive\. 2 of the 3 effects the paper predicts have a 95 % interval that includes zero/);
    expect(s).toContain('Explained variance − 40%: +2.0 pp [-8.0, +12.0] (n = 3)');
    expect(s).toContain('A missing comparison: no data');
    expect(s).toMatch(/the other 1 has the predicted sign\.$/);
  });

  it('reproduced: the deciding numbers', () => {
    const c: Claim = { ...claim, verdict: 'reproduced', effects: [effects[1]] };
    expect(verdictSentence(c)).toBe('Verdict: reproduced. Every effect the paper predicts has the predicted sign with a 95 % interval that excludes zero (Test error, batch 2048 − batch 64: +5.0 pp [+3.0, +7.0] (n = 3)).');
  });
});

describe('the weight-decay flip, read from effects', () => {
  const rise = (mean: number, lo: number, hi: number, n = 3): Effect => ({
    key: 'rise', label: 'loss rise, batch 2048 − batch 64', unit: 'loss', paperSign: 1,
    a: { label: 'batch 2048', value: iv(1, 1, 1, n) }, b: { label: 'batch 64', value: iv(1, 1, 1, n) }, difference: iv(mean, lo, hi, n), status: 'unclear',
  });
  it('a flip unnormalized, none normalized: normalization removes it', () => {
    const r = flipReading([rise(0.2, 0.1, 0.3), rise(-0.2, -0.3, -0.1)], [rise(0.1, 0.05, 0.15), rise(0.1, 0.02, 0.2)]);
    expect(r.unnormalized).toMatch(/weight decay flips which solution looks sharper .*\(the batch 2048 solution without it, the batch 64 one with it\)/);
    expect(r.normalized).toMatch(/the batch 2048 solution is the sharper one with and without weight decay, so normalization removes the flip/);
  });
  it('an interval that includes zero: the data cannot say', () => {
    const r = flipReading([rise(0.2, -0.1, 0.5), rise(-0.2, -0.3, -0.1)], [rise(0.1, -0.05, 0.15), rise(0.1, 0.02, 0.2)]);
    expect(r.unnormalized).toMatch(/cannot say whether weight decay flips/);
    expect(r.normalized).toMatch(/cannot say which solution is sharper along filter-normalized directions\.$/);
  });
  it('one replicate decides nothing, however narrow', () => {
    const r = flipReading([rise(0.2, 0.2, 0.2, 1), rise(-0.2, -0.2, -0.2, 1)], [rise(0.1, 0.1, 0.1, 1), rise(0.1, 0.1, 0.1, 1)]);
    expect(r.unnormalized).toMatch(/cannot say/);
  });
  it('no flip unnormalized: says so, unlike the paper', () => {
    const r = flipReading([rise(0.2, 0.1, 0.3), rise(0.2, 0.1, 0.3)], [rise(0.1, 0.05, 0.15), rise(-0.1, -0.2, -0.05)]);
    expect(r.unnormalized).toMatch(/does not flip the comparison here, unlike in the paper/);
    expect(r.normalized).toMatch(/even along filter-normalized directions the sharper solution changes with weight decay\.$/);
  });
});
