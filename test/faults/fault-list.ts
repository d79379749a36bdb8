/**
 * The fault list of issue #11, as one script that can be pointed at any checkout, so the same faults can be counted
 * before and after a change:
 *
 *   node scripts/run.mjs test/faults/fault-list.ts [--root DIR]     (DIR: a checkout with node_modules; default .)
 *
 * Each case injects one fault into a real `npm run compute` (quick profile, wasm, generated data) and says whether
 * it was handled cleanly: the run did the right thing, or stopped with a message (no stack trace) and lost nothing.
 * The regression tests for the same cases are test/integration/faults.test.ts (this script is a measurement, not CI).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { encodeIdx } from '../../src/compute/data/idx.js';
import { makeFashionMnistDir, syntheticImages } from '../helpers/fixtures.js';

const { values } = parseArgs({ options: { root: { type: 'string', default: '.' } } });
const root = path.resolve(values.root!);
if (!existsSync(path.join(root, 'scripts', 'run.mjs')) || !existsSync(path.join(root, 'node_modules'))) {
  console.error(`faults: --root ${root}: expected a checkout of this project with node_modules (scripts/run.mjs and node_modules/ there)`);
  process.exit(2);
}
const STACK = /\n\s+at /;
const tmp = (name: string) => mkdtempSync(path.join(tmpdir(), `fault-${name}-`));
const copy = (dir: string, name: string) => {
  const d = tmp(name);
  cpSync(dir, d, { recursive: true });
  return d;
};
const files = (dir: string) => Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
const same = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(a) === JSON.stringify(b);
const surfaceOf = (dir: string) => {
  const r = JSON.parse(readFileSync(path.join(dir, 'mlp-surface.json'), 'utf8'));
  return JSON.stringify(r.artifacts.find((a: { kind: string }) => a.kind === 'surface2d').metrics);
};

interface Run {
  code: number | null;
  out: string;
  ms: number;
}
function run(args: string[], { entry = 'src/compute/cli.ts', timeout = 300_000 } = {}): Run {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'run.mjs'), entry, ...args], { cwd: root, encoding: 'utf8', timeout });
  return { code: r.status, out: (r.stdout ?? '') + (r.stderr ?? ''), ms: performance.now() - t0 };
}
const data = makeFashionMnistDir();
const quick = (out: string, only = 'mlp-surface', dataDir = data) => ['--profile', 'quick', '--backend', 'wasm', '--jobs', '1', '--data', dataDir, '--only', only, '--out', out];
const clean = (r: Run) => r.code !== 0 && r.code !== null && !STACK.test(r.out);

/** Start a run, wait until `until()` holds, send `signal`, and report when it exited. */
async function signalled(args: string[], signal: NodeJS.Signals, until: (out: string) => boolean, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'run.mjs'), 'src/compute/cli.ts', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  const deadline = Date.now() + 120_000;
  while (!until(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const t0 = performance.now();
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await exited;
  clearTimeout(timer);
  return { code, out, stopMs: performance.now() - t0 };
}

/** A run killed (-9) a third of the way through its surface: its progress folder and progress file name. */
async function killedMidSurface(out: string): Promise<[string, string]> {
  await signalled(quick(out), 'SIGKILL', (o) => /surface 9×9 (2\d|[3-7]\d)\/81/.test(o), { LANDSCAPE_FLUSH_MS: '0', LANDSCAPE_POINT_DELAY_MS: '60' });
  const dir = path.join(out, '.partial');
  return [dir, readdirSync(dir).find((n) => n.startsWith('mlp-surface-') && n.endsWith('.json'))!];
}

const base = tmp('base');
const first = run(quick(base, 'mlp-surface*'));
if (first.code !== 0) {
  console.error(`faults: the reference run (quick profile, mlp-surface*) failed in ${root}, rc ${first.code}:\n${first.out}`);
  process.exit(1);
}

function garbage(name: string, change: (r: any) => void): () => Promise<[boolean, string]> {
  return async () => {
    const out = copy(base, name);
    const file = path.join(out, 'mlp-surface.json');
    const r = JSON.parse(readFileSync(file, 'utf8'));
    change(r);
    writeFileSync(file, JSON.stringify(r));
    const res = run(quick(out));
    return [clean(res) && res.out.includes(file), `rc ${res.code}: ${res.out.split('\n').find((l) => /failed|error|expected/i.test(l)) ?? 'accepted (reused as up to date)'}`];
  };
}
const surfaceIndex = (r: any) => r.artifacts.findIndex((a: { kind: string }) => a.kind === 'surface2d');
function badData(name: string, change: (dir: string) => void, message: RegExp): () => Promise<[boolean, string]> {
  return async () => {
    const dir = copy(data, name);
    change(dir);
    const res = run(quick(tmp(name), 'mlp-surface', dir), { timeout: 60_000 });
    return [clean(res) && message.test(res.out), res.code === null ? 'hung (killed after 60 s)' : `rc ${res.code}: ${res.out.split('\n').find((l) => /failed|FAILED|Error/.test(l)) ?? 'trained without a word'}`];
  };
}
const images = (dir: string, name: string, dims: number[]) =>
  writeFileSync(path.join(dir, name), gzipSync(encodeIdx(dims, syntheticImages(Math.max(dims[0], 1), 1).images.subarray(0, dims.reduce((a, b) => a * b, 1)))));
function usage(name: string, args: () => string[], entry?: string): [string, () => Promise<[boolean, string]>] {
  return [
    name,
    async () => {
      const r = run(args(), { entry });
      const line = r.out.split('\n').find((l) => l.trim()) ?? '';
      return [r.code === 2 && !STACK.test(r.out), `rc ${r.code}: ${STACK.test(r.out) ? 'stack trace' : line.slice(0, 110)}`];
    },
  ];
}

type Check = () => Promise<[boolean | 'skipped', string]>;
const cases: Array<[string, Check]> = [
  [
    'merge without --out leaves precomputed/ alone',
    async () => {
      const before = files(path.join(root, 'precomputed'));
      const r = run(['merge', base]);
      const after = files(path.join(root, 'precomputed'));
      if (!same(before, after)) for (const [f, text] of Object.entries(before)) writeFileSync(path.join(root, 'precomputed', f), text);
      return [same(before, after) && r.code !== 0, `rc ${r.code}; precomputed/ ${same(before, after) ? 'unchanged' : 'OVERWRITTEN (restored)'}`];
    },
  ],
  [
    'merge into a folder holding another config of an id',
    async () => {
      const target = copy(base, 'target');
      const source = copy(base, 'source');
      const r0 = JSON.parse(readFileSync(path.join(source, 'mlp-surface.json'), 'utf8'));
      r0.provenance.hash = 'f'.repeat(64);
      writeFileSync(path.join(source, 'mlp-surface.json'), JSON.stringify(r0));
      const before = files(target);
      const r = run(['merge', source, '--out', target]);
      return [same(before, files(target)) && clean(r), `rc ${r.code}; target ${same(before, files(target)) ? 'unchanged' : 'overwritten'}`];
    },
  ],
  [
    'SIGINT during training stops within 2 s, non-zero',
    async () => {
      const r = await signalled([...quick(tmp('sigint-train'), 'batch-sgd-small'), '--force'], 'SIGINT', (o) => /train \d+\/\d+/.test(o));
      return [r.code !== 0 && r.stopMs < 2000, `rc ${r.code} after ${(r.stopMs / 1000).toFixed(2)} s`];
    },
  ],
  [
    'SIGINT mid-surface stops within 2 s and keeps the finished points',
    async () => {
      const out = tmp('sigint-surface');
      const r = await signalled(quick(out), 'SIGINT', (o) => /surface 9×9 (1[6-9]|[2-7]\d)\/81/.test(o), { LANDSCAPE_FLUSH_MS: '0', LANDSCAPE_POINT_DELAY_MS: '60' });
      const rerun = run(quick(out));
      const reused = Number(/reused (\d+)/.exec(rerun.out)?.[1] ?? 0);
      return [r.code !== 0 && r.stopMs < 2000 && reused > 0, `rc ${r.code} after ${(r.stopMs / 1000).toFixed(2)} s; rerun reused ${reused} points`];
    },
  ],
  [
    'a result missing from manifest.json is put back',
    async () => {
      const out = copy(base, 'manifest');
      const m = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
      m.experiments = m.experiments.filter((e: { id: string }) => e.id !== 'mlp-surface');
      writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(m));
      run(quick(out, 'mlp-surface*'));
      const ids = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')).experiments.map((e: { id: string }) => e.id);
      return [ids.includes('mlp-surface'), `manifest lists ${ids.join(', ')}`];
    },
  ],
  [
    'flipped bytes in cached weights are not trusted',
    async () => {
      const out = copy(base, 'weights');
      rmSync(path.join(out, 'mlp-surface.json'));
      const dir = path.join(out, '.partial', 'weights');
      for (const f of readdirSync(dir)) {
        const b = readFileSync(path.join(dir, f));
        // Bytes of the weights themselves (the end of the file), not of its header: a damaged header was always caught.
        for (let k = b.length - 9; k > b.length - 4000 && k > 0; k -= 397) b[k] ^= 0x7f;
        writeFileSync(path.join(dir, f), b);
      }
      const r = run([...quick(out), '--force']);
      const ok = r.code === 0 && surfaceOf(out) === surfaceOf(base);
      return [ok, `rc ${r.code}; surface ${r.code === 0 ? (surfaceOf(out) === surfaceOf(base) ? 'equals the clean run' : 'DIFFERS from the clean run') : 'not written'}`];
    },
  ],
  [
    'a hand-edited progress point is not merged into the result',
    async () => {
      const out = tmp('edited');
      const [dir, f] = await killedMidSurface(out);
      const text = readFileSync(path.join(dir, f), 'utf8');
      writeFileSync(path.join(dir, f), text.replace(/"0":\[[-\d.e]+/, '"0":[0.0001'));
      const r = run(quick(out));
      return [r.code === 0 && surfaceOf(out) === surfaceOf(base), `rc ${r.code}; surface ${r.code === 0 && surfaceOf(out) === surfaceOf(base) ? 'equals the clean run' : 'holds the edited point'}`];
    },
  ],
  [
    'a progress point outside the grid',
    async () => {
      const out = tmp('range');
      const [dir, f] = await killedMidSurface(out);
      const text = readFileSync(path.join(dir, f), 'utf8');
      const at = text.indexOf('{');
      const state = JSON.parse(text.slice(at));
      state.points.surface['500'] = [1, 0.5, 1, 0.5];
      const body = JSON.stringify(state);
      const header = text.slice(0, at);
      // Keep the file well-formed for whichever version reads it: re-sign it when it carries a checksum header.
      const signed = header ? `landscape-cache 1 bytes=${Buffer.byteLength(body)} sha256=${(await import('node:crypto')).createHash('sha256').update(body).digest('hex')}\n${body}` : body;
      writeFileSync(path.join(dir, f), signed);
      const r = run(quick(out));
      return [r.code === 0 && surfaceOf(out) === surfaceOf(base), `rc ${r.code}: ${r.code === 0 ? 'recomputed' : (r.out.split('\n').find((l) => /failed|FAILED/.test(l)) ?? '').slice(0, 110)}`];
    },
  ],
  ['a negative loss in a stored result', garbage('negative', (r) => (r.artifacts[surfaceIndex(r)].metrics.testLoss[3] = -4))],
  ['accuracy 7.0 in a stored result', garbage('accuracy', (r) => (r.artifacts[surfaceIndex(r)].metrics.testAccuracy[3] = 7))],
  ['an all-null surface', garbage('allnull', (r) => { const m = r.artifacts[surfaceIndex(r)].metrics; for (const k of Object.keys(m)) m[k] = m[k].map(() => null); })],
  ['reversed axes', garbage('reversed', (r) => r.artifacts[surfaceIndex(r)].x.reverse())],
  [
    "one experiment's content under another's file name",
    async () => {
      const out = copy(base, 'swapped');
      cpSync(path.join(out, 'mlp-surface-seed2.json'), path.join(out, 'mlp-surface.json'));
      const res = run(quick(out));
      return [clean(res), `rc ${res.code}: ${res.out.split('\n').find((l) => /failed|expected/.test(l)) ?? 'accepted'}`];
    },
  ],
  usage('--profile without a value', () => ['--profile']),
  usage('--out without a value', () => ['--out']),
  usage('--force=yes', () => ['--force=yes', '--dry-run']),
  usage('--shard -1/2', () => ['--shard', '-1/2', '--dry-run']),
  usage("--only ''", () => ['--only', '', '--dry-run']),
  usage('--out that is a regular file', () => {
    const f = path.join(tmp('outfile'), 'results');
    writeFileSync(f, 'x');
    return quick(f);
  }),
  usage('--out below a regular file (not writable), checked before training', () => {
    const f = path.join(tmp('outfile2'), 'results');
    writeFileSync(f, 'x');
    return quick(path.join(f, 'sub'));
  }),
  [
    'bench --help',
    async () => {
      const r = run(['--help'], { entry: 'src/compute/bench/cli.ts' });
      return [r.code === 0 && /usage: npm run bench/.test(r.out) && !STACK.test(r.out), `rc ${r.code}: ${STACK.test(r.out) ? 'stack trace' : r.out.trim().split('\n')[0]}`];
    },
  ],
  [
    'merge of a file',
    async () => {
      const r = run(['merge', path.join(base, 'mlp-surface.json'), '--out', tmp('merge-file')]);
      return [clean(r), `rc ${r.code}: ${STACK.test(r.out) ? 'stack trace' : r.out.trim().split('\n')[0]}`];
    },
  ],
  [
    'a result path that is a directory',
    async () => {
      const out = tmp('dir');
      mkdirSync(path.join(out, 'mlp-surface.json'));
      const r = run(quick(out));
      return [clean(r), `rc ${r.code}: ${STACK.test(r.out) ? 'stack trace' : r.out.trim().split('\n').at(-1)}`];
    },
  ],
  ['a FIFO as a data file', badData('fifo', (d) => { rmSync(path.join(d, 'train-images-idx3-ubyte.gz')); spawnSync('mkfifo', [path.join(d, 'train-images-idx3-ubyte.gz')]); }, /FIFO/)],
  ['test images of another size than the training images', badData('sizes', (d) => images(d, 't10k-images-idx3-ubyte.gz', [500, 14, 56]), /14×56/)],
  ['zero training images', badData('zero', (d) => { images(d, 'train-images-idx3-ubyte.gz', [0, 28, 28]); writeFileSync(path.join(d, 'train-labels-idx1-ubyte.gz'), gzipSync(encodeIdx([0], new Uint8Array(0)))); }, /0 images/)],
  [
    '10 training images where the config asks for more',
    async () => {
      const res = run(quick(tmp('ten'), 'mlp-surface', makeFashionMnistDir({ train: 10 })));
      return [clean(res) && /trainSubset/.test(res.out), `rc ${res.code}: ${(res.out.split('\n').find((l) => /FAILED|failed/.test(l)) ?? 'trained without a word').slice(0, 110)}`];
    },
  ],
  [
    'stale temp files of a killed run are cleaned',
    async () => {
      const out = copy(base, 'temps');
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
      const stale = path.join(out, `mlp-surface.json.${dead}.tmp`);
      writeFileSync(stale, 'x'.repeat(1000));
      run(quick(out));
      return [!existsSync(stale), existsSync(stale) ? 'left in place' : 'removed'];
    },
  ],
  [
    'a full disk (200 kB tmpfs) during a run',
    async () => {
      const mnt = tmp('tiny');
      if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=200k', 'tmpfs', mnt]).status !== 0) return ['skipped', 'cannot mount a tmpfs here (needs root)'];
      try {
        const r = run(quick(mnt));
        const temps = readdirSync(mnt, { recursive: true }).map(String).filter((f) => f.endsWith('.tmp'));
        return [clean(r) && /ENOSPC/.test(r.out) && temps.length === 0, `rc ${r.code}; ${STACK.test(r.out) ? 'stack trace' : 'message'}; ${temps.length} temp file(s) left`];
      } finally {
        spawnSync('umount', [mnt]);
      }
    },
  ],
];

let handled = 0;
let skipped = 0;
for (const [name, check] of cases) {
  let ok: boolean | 'skipped' = false;
  let detail = '';
  try {
    [ok, detail] = await check();
  } catch (e) {
    detail = `the check itself failed: ${(e as Error).message.split('\n')[0]}`;
  }
  if (ok === 'skipped') skipped++;
  else if (ok) handled++;
  console.log(`${ok === 'skipped' ? 'skipped' : ok ? 'handled' : 'NOT    '}  ${name.padEnd(68)} ${detail.replace(/\s+/g, ' ').slice(0, 140)}`);
}
console.log(`\n${handled} of ${cases.length - skipped} faults handled cleanly${skipped ? ` (${skipped} skipped)` : ''} (checkout: ${root})`);
