/**
 * `npm run bench -- [--backend auto|webgpu|wasm|cpu] [--only NAME] [--json FILE] [--quick] [--vs-pytorch]`: speed
 * benchmarks, each reported as a ratio against a baseline measured on the same machine in the same run (never
 * absolute targets); --vs-pytorch adds the same workloads in PyTorch, run after this project's (pytorch.ts).
 * `--only NAME` runs the benchmarks whose name contains NAME (e.g. `--only train-conv`, `--only train-conv-resnet20-b8`).
 *
 * Each benchmark module exports `benchmarks: Benchmark[]`; register new modules in MODULES below.
 */
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { BACKEND_NAMES, initBackend, type BackendName } from '../backend/index.js';
import type { Benchmark, BenchRow } from './types.js';
import { comparison, findTorch, pytorchRows } from './pytorch.js';

const MODULES: Array<() => Promise<{ benchmarks: Benchmark[] }>> = [
  () => import('./surface.js'),
  () => import('./surfaceConv.js'),
  () => import('./training.js'),
  () => import('./trainConv.js'),
];

const HELP = `usage: npm run bench -- [--backend auto|webgpu|wasm|cpu] [--only NAME] [--json FILE] [--quick] [--vs-pytorch]
  --only NAME     benchmarks whose name contains NAME (e.g. surface, train-conv)
  --json FILE     also write the rows as JSON
  --quick         shorter runs
  --vs-pytorch    also run the surface and training workloads in PyTorch (a python3 with torch; else a one-line skip)
                  and print this project's best variant against each PyTorch baseline
  LANDSCAPE_WEBGPU=software with --backend webgpu: the software adapter (correctness, not speed)`;

async function main(): Promise<number> {
  let values: { backend?: string; only?: string; json?: string; quick?: boolean; help?: boolean; 'vs-pytorch'?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        backend: { type: 'string', default: 'auto' },
        only: { type: 'string' },
        json: { type: 'string' },
        quick: { type: 'boolean', default: false },
        'vs-pytorch': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    console.error(`bench: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!(BACKEND_NAMES as readonly string[]).includes(values.backend!)) {
    console.error(`--backend: '${values.backend}' is not a backend; expected one of ${BACKEND_NAMES.join(', ')}`);
    return 2;
  }
  const backend = await initBackend(values.backend as BackendName, (l) => console.error(l));
  console.error(`backend: ${backend.name} on ${backend.device}`);
  const all = (await Promise.all(MODULES.map((m) => m()))).flatMap((m) => m.benchmarks);
  const chosen = values.only ? all.filter((b) => b.name.includes(values.only!)) : all;
  if (chosen.length === 0) {
    console.error(values.only ? `--only ${values.only}: no benchmark matches (have: ${all.map((b) => b.name).join(', ')})` : 'no benchmarks registered');
    return 2;
  }
  // Found before the long runs, so a missing torch is said at once.
  const torch = values['vs-pytorch'] ? findTorch() : undefined;
  if (torch && 'skip' in torch) console.error(torch.skip);
  const rows: BenchRow[] = [];
  for (const b of chosen) {
    console.error(`running ${b.name} …`);
    rows.push(...(await b.run({ quick: values.quick! })));
  }
  if (torch && !('skip' in torch)) {
    console.error(`PyTorch ${torch.version} (${torch.python}, OMP_NUM_THREADS=${torch.threads})`);
    rows.push(...pytorchRows(torch, chosen.map((b) => b.name), values.quick!));
  }
  console.log('\n| benchmark | variant | value | unit | ratio vs baseline | baseline |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(`| ${r.benchmark} | ${r.variant} | ${r.value.toPrecision(4)} | ${r.unit} | ${r.ratio === undefined ? '' : r.ratio.toFixed(2) + '×'} | ${r.baseline ?? ''} |`);
  }
  if (torch && !('skip' in torch)) console.log(`\nthis project (${backend.name} on ${backend.device}) against PyTorch ${torch.version}, same machine, same run:\n${comparison(rows).join('\n')}`);
  if (values.json) {
    writeFileSync(values.json, JSON.stringify({ backend, date: new Date().toISOString(), rows }, null, 2) + '\n');
    console.error(`wrote ${values.json}`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(`bench failed: ${e.stack ?? e.message}`);
    process.exit(1);
  },
);
