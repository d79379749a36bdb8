/**
 * The compute step never reads a tensor back synchronously: tfjs-webgpu in Node has no synchronous read-back
 * (dataSync/arraySync/bufferSync go through OffscreenCanvas and throw), so one such call breaks `--backend webgpu`
 * at run time while every wasm test passes. Reads go through `await t.data()` / `await t.array()`.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SYNC = /\.(dataSync|arraySync|bufferSync)\s*\(/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Code lines only: // and /* *\/ comments removed (a comment may name the forbidden calls). */
function code(text: string): string[] {
  return text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).split('\n').map((l) => l.replace(/\/\/.*$/, ''));
}

describe('no synchronous read-back in the compute step', () => {
  it('src/compute and src/lib call none of dataSync, arraySync, bufferSync', () => {
    const offenders: string[] = [];
    for (const file of [...sourceFiles('src/compute'), ...sourceFiles('src/lib')]) {
      code(readFileSync(file, 'utf8')).forEach((line, i) => SYNC.test(line) && offenders.push(`${file}:${i + 1}: ${line.trim()}`));
    }
    expect(offenders).toEqual([]);
  });

  it('the check finds a call and ignores one in a comment', () => {
    const lines = code('const a = t.dataSync()[0];\n// t.arraySync() is not allowed\n/* x.bufferSync() */ const b = 1;');
    expect(lines.filter((l) => SYNC.test(l))).toEqual(['const a = t.dataSync()[0];']);
  });
});
