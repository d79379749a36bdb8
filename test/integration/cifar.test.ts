/**
 * CIFAR-10 in the suite, for users who have it: its experiments appear only when the data is present, run on the
 * binary format (here generated), and are reused on a rerun (the planner's data hash equals the loader's).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findArtifact, parseResult } from '../../src/lib/schema';
import { makeCifar10Dir, makeFashionMnistDir } from '../helpers/fixtures';
import { runCompute } from '../helpers/cli';

describe('CIFAR-10 experiments', () => {
  it('are planned only when CIFAR-10 is present, run on its binary files, and are reused on a rerun', () => {
    const fashion = makeFashionMnistDir({ train: 200, test: 100 });
    const cifar = makeCifar10Dir();
    const out = mkdtempSync(path.join(tmpdir(), 'landscape-cifar-out-'));
    const absent = runCompute(['--profile', 'quick', '--data', fashion, '--out', out, '--only', 'cifar-*', '--dry-run'], { CIFAR10_DIR: '' });
    expect(absent.code).toBe(2);
    expect(absent.stderr).toMatch(/--only cifar-\*: no experiment matches/);

    const args = ['--profile', 'quick', '--backend', 'wasm', '--data', fashion, '--cifar', cifar, '--out', out, '--only', 'cifar-*'];
    const r = runCompute(args);
    expect(r.code, r.output).toBe(0);
    const file = path.join(out, 'cifar-resnet8-skip.json');
    const result = parseResult(readFileSync(file, 'utf8'), file);
    expect(result.model.dataset).toBe('CIFAR-10');
    expect(result.provenance.data.name).toBe('cifar10');
    expect(result.model.architecture).toMatch(/^ResNet-8/);
    const s = findArtifact(result, 'surface2d');
    expect(s.metrics.trainLoss.every((v) => v !== null && v > 0)).toBe(true);

    const again = runCompute(args);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/reuse\s+cifar-resnet8-skip \(up to date\)/);
  });
});
