/**
 * The store's and the caches' defences, on literal files: checksummed cache files (intact, flipped byte, truncated,
 * old format), progress points that do not fit their grid, a write that hits a full disk (/dev/full stands in for a
 * small tmpfs), and temp files left by dead processes.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { readChecked, readCheckedOrDiscard, writeChecked } from '../../src/compute/suite/checked';
import { PartialState, WeightsCache } from '../../src/compute/suite/partial';
import { cleanStaleTemps, StoreError, writeAtomic } from '../../src/compute/suite/store';

const dir = () => mkdtempSync(path.join(tmpdir(), 'landscape-caches-'));

describe('checksummed cache files', () => {
  it('round-trips, and reports a flipped byte, a truncation and a file without a header', () => {
    const file = path.join(dir(), 'a.bin');
    writeChecked(file, 'hello world');
    const ok = readChecked(file);
    expect(ok?.ok && ok.payload.toString()).toBe('hello world');

    const raw = readFileSync(file);
    raw[raw.length - 3] ^= 1;
    writeFileSync(file, raw);
    expect(readChecked(file)).toEqual({ ok: false, reason: 'checksum mismatch (the file was modified or damaged)' });
    writeFileSync(file, raw.subarray(0, raw.length - 2));
    expect(readChecked(file)).toMatchObject({ ok: false, reason: expect.stringMatching(/^9 bytes where the header says 11/) });
    writeFileSync(file, '{"points":{}}');
    expect(readChecked(file)).toMatchObject({ ok: false, reason: expect.stringMatching(/no checksum header/) });
    expect(readChecked(path.join(dir(), 'absent.bin'))).toBeNull();
  });

  it('discards a damaged file with a warning naming it', () => {
    const file = path.join(dir(), 'b.bin');
    writeFileSync(file, 'garbage');
    const warnings: string[] = [];
    expect(readCheckedOrDiscard(file, (l) => warnings.push(l))).toBeNull();
    expect(warnings).toEqual([`${file}: no checksum header (written by an older version, or not a cache file); discarded, its contents will be computed again`]);
    expect(existsSync(file)).toBe(false);
  });

  it('trained weights: non-finite values are refused unless the training diverged', () => {
    const out = dir();
    const warnings: string[] = [];
    const cache = new WeightsCache(out, { warn: (l) => warnings.push(l) });
    cache.save('k1', [new Float32Array([1, 2]), new Float32Array([3])], { diverged: false });
    expect(cache.load('k1')?.weights.map((w) => [...w])).toEqual([[1, 2], [3]]);
    cache.save('k2', [new Float32Array([NaN])], { diverged: false });
    expect(cache.load('k2')).toBeNull();
    expect(warnings[0]).toMatch(/k2\.bin: unreadable trained weights \(non-finite values\); training again/);
    cache.save('k3', [new Float32Array([NaN])], { diverged: true });
    expect(cache.load('k3')).not.toBeNull();
    expect(new WeightsCache(out, { ignoreExisting: true }).load('k1')).toBeNull();
  });
});

describe('progress points', () => {
  it('drops a grid whose stored points do not fit it, naming the file and the point', () => {
    const out = dir();
    const p = new PartialState(out, 'exp', 'a'.repeat(64), 'wasm', 0);
    p.recordPoint('surface', 3, [1, 0.5, 1, 0.5]);
    p.recordPoint('surface', 99, [1, 0.5, 1, 0.5]);
    const warnings: string[] = [];
    const again = new PartialState(out, 'exp', 'a'.repeat(64), 'wasm', 0, { warn: (l) => warnings.push(l) });
    expect(again.points('surface', { total: 100, width: 4 }).size).toBe(2);
    expect(again.points('surface', { total: 81, width: 4 }).size).toBe(0);
    expect(warnings).toEqual([`${p.file}: point surface[99] does not fit a grid of 81 points with 4 values; the grid's 2 stored points are discarded and computed again`]);
    expect(PartialState.progress(out, 'exp', 'a'.repeat(64))).toEqual({ probes: [], points: { surface: 2 } });
  });

  it('starts empty under --force', () => {
    const out = dir();
    new PartialState(out, 'exp', 'b'.repeat(64), 'wasm', 0).recordPoint('surface', 0, [1, 1, 1, 1]);
    const forced = new PartialState(out, 'exp', 'b'.repeat(64), 'wasm', 0, { ignoreExisting: true });
    expect(forced.points('surface', { total: 4, width: 4 }).size).toBe(0);
  });
});

describe('the store on a full disk', () => {
  it('fails with the file and ENOSPC, removes its temp file and leaves the old file as it was', () => {
    const d = dir();
    const file = path.join(d, 'r.json');
    writeFileSync(file, 'old');
    // The temp file this process would write, pointed at /dev/full: every write to it fails with ENOSPC.
    symlinkSync('/dev/full', `${file}.${process.pid}.tmp`);
    let message = '';
    try {
      writeAtomic(file, 'new');
    } catch (e) {
      expect(e).toBeInstanceOf(StoreError);
      message = (e as Error).message;
    }
    expect(message).toBe(`cannot write ${file}: ENOSPC (no space left on the device)`);
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(() => lstatSync(`${file}.${process.pid}.tmp`)).toThrow(/ENOENT/);
  });
});

describe('stale temp files', () => {
  it('removes those of dead processes in the folder and below, and keeps those of live ones', () => {
    const d = dir();
    mkdirSync(path.join(d, '.partial', 'weights'), { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const stale = [path.join(d, `x.json.${dead}.tmp`), path.join(d, '.partial', 'weights', `k.bin.${dead}.tmp`)];
    const live = path.join(d, `y.json.${process.pid}.tmp`);
    const other = path.join(d, 'notes.tmp');
    for (const f of [...stale, live, other]) writeFileSync(f, '');
    expect(cleanStaleTemps(d).sort()).toEqual([...stale].sort());
    expect([live, other].every((f) => existsSync(f))).toBe(true);
  });
});
