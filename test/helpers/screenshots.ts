/**
 * Screenshots that are compared, not only written: a screenshot against a committed baseline (test/e2e/baselines/),
 * or two screenshots against each other, decoded and diffed pixel by pixel in the browser itself (no image library).
 * A pixel differs when any channel differs by more than `channelTolerance` (anti-aliasing noise stays under it); a
 * comparison passes when at most `maxFraction` of the pixels differ. A failed comparison writes the diff image next to
 * the screenshot. UPDATE_BASELINES=1 rewrites the baselines instead of comparing (review them before committing).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './cli';

export const BASELINES = path.join(ROOT, 'test', 'e2e', 'baselines');

export interface ImageDiff {
  width: number;
  height: number;
  /** Fraction of pixels that differ (1 when the sizes differ). */
  fraction: number;
  /** PNG (base64) of the differing pixels in red over a faded copy of the first image. */
  diffPng: string;
}

/** Compare two PNGs in `page` (any page: only its canvas is used). */
export async function diffImages(page: Page, a: Buffer, b: Buffer, channelTolerance = 40): Promise<ImageDiff> {
  return page.evaluate(
    async ({ a, b, tol }) => {
      const load = async (b64: string) => createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
      const [ia, ib] = await Promise.all([load(a), load(b)]);
      const pixels = (img: ImageBitmap) => {
        const c = new OffscreenCanvas(img.width, img.height);
        const g = c.getContext('2d')!;
        g.drawImage(img, 0, 0);
        return g.getImageData(0, 0, img.width, img.height);
      };
      if (ia.width !== ib.width || ia.height !== ib.height) return { width: ia.width, height: ia.height, fraction: 1, diffPng: '' };
      const pa = pixels(ia);
      const pb = pixels(ib);
      const out = new ImageData(ia.width, ia.height);
      let n = 0;
      for (let k = 0; k < pa.data.length; k += 4) {
        const differs = Math.abs(pa.data[k] - pb.data[k]) > tol || Math.abs(pa.data[k + 1] - pb.data[k + 1]) > tol || Math.abs(pa.data[k + 2] - pb.data[k + 2]) > tol;
        if (differs) n++;
        out.data.set(differs ? [255, 0, 0, 255] : [pa.data[k], pa.data[k + 1], pa.data[k + 2], 60], k);
      }
      const c = new OffscreenCanvas(ia.width, ia.height);
      c.getContext('2d')!.putImageData(out, 0, 0);
      const blob = await c.convertToBlob({ type: 'image/png' });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let s = '';
      for (const byte of bytes) s += String.fromCharCode(byte);
      return { width: ia.width, height: ia.height, fraction: n / (ia.width * ia.height), diffPng: btoa(s) };
    },
    { a: a.toString('base64'), b: b.toString('base64'), tol: channelTolerance },
  );
}

/**
 * Compare a screenshot with its committed baseline `name`.png; the screenshot and, on failure, the diff are written
 * to `shots`. Returns the differing fraction (the caller asserts on it, so the report names the figure).
 */
export async function compareWithBaseline(page: Page, shot: Buffer, name: string, shots: string): Promise<number> {
  mkdirSync(shots, { recursive: true });
  writeFileSync(path.join(shots, `${name}.png`), shot);
  const file = path.join(BASELINES, `${name}.png`);
  if (process.env.UPDATE_BASELINES === '1' || !existsSync(file)) {
    if (process.env.CI && !existsSync(file)) throw new Error(`no baseline ${file}: run the test with UPDATE_BASELINES=1 and commit it`);
    mkdirSync(BASELINES, { recursive: true });
    writeFileSync(file, shot);
    return 0;
  }
  const d = await diffImages(page, readFileSync(file), shot);
  if (d.fraction > 0 && d.diffPng) writeFileSync(path.join(shots, `${name}.diff.png`), Buffer.from(d.diffPng, 'base64'));
  return d.fraction;
}
