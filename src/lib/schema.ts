/**
 * The JSON format of precomputed/: the one contract between the compute step and the site.
 * Both sides go through parseResult/serializeResult (validated on write and on read); neither imports the other.
 *
 * Conventions: grids are flat row-major arrays, index j·nx + i for (x[i], y[j]); a metric value that was not finite
 * (a diverged loss) or not yet computed is null.
 */
import { checkSemantics } from './semantics.js';
import { Field, SchemaError } from './validate.js';

export { SchemaError } from './validate.js';

export const SCHEMA_VERSION = 2;

export const METRICS = ['trainLoss', 'trainAccuracy', 'testLoss', 'testAccuracy'] as const;
export type MetricName = (typeof METRICS)[number];
export type MetricGrid = Record<MetricName, Array<number | null>>;

export interface Provenance {
  /** Content hash of config + numerics version + data: a result is up to date exactly when this matches. */
  hash: string;
  config: unknown;
  numericsVersion: string;
  /** Package version and git commit of the code that produced the result. */
  codeVersion: string;
  backend: string;
  device: string;
  backendDetails: Record<string, string | number | boolean>;
  seed: number;
  data: { name: string; sha256: string };
  packages: Record<string, string>;
  node: string;
  startedAt: string;
  finishedAt: string;
  wallTimeSeconds: number;
  /** Per-step wall times (training, each surface …). */
  timings: Array<{ step: string; seconds: number }>;
}

export interface DirectionInfo {
  seed: number;
  normalization: 'filter' | 'layer' | 'weight' | 'none';
  biasBn: 'ignore' | 'perturb';
  /** BatchNorm running statistics perturbed too ('perturb') or not (absent: 'ignore'). */
  states?: 'ignore' | 'perturb';
  /** Second direction Gram–Schmidt-orthogonalized against the first (absent: false). */
  orthogonalize?: boolean;
  /** The seed of each direction (absent: [seed, seed + 1]). */
  seeds?: number[];
}

export interface Surface2D {
  kind: 'surface2d';
  id: string;
  title: string;
  directions: DirectionInfo;
  /** 'random' (default): seeded random directions as `directions` says; 'pca': the top two PCA directions of a trajectory (unit norm). */
  basis?: 'random' | 'pca';
  x: number[];
  y: number[];
  metrics: MetricGrid;
  /** How many examples each loss averages over. */
  evaluated: { train: number; test: number };
}

/** Whether a training met its stopping criterion (train/convergence.ts states it; `value` is what was measured). */
export interface Convergence {
  criterion: string;
  met: boolean;
  value: number | null;
}

export interface TrainingHistory {
  kind: 'training';
  id: string;
  diverged: boolean;
  /** Why the training was declared diverged (lib/divergence.ts states the rule); absent when it did not diverge. */
  divergence?: { epoch: number; reason: string };
  epochs: Array<{ epoch: number; lr: number; trainLoss: number | null; trainAccuracy: number; testLoss: number | null; testAccuracy: number; seconds: number }>;
  /** Examples behind each epoch's train and test metrics (absent in results written before it was recorded). */
  evaluated?: { train: number; test: number };
  convergence?: Convergence;
}

/** How one training was set up: what the site and the claims read, typed (never reached for in provenance.config). */
export interface TrainingSetup {
  optimizer: 'sgd' | 'adam';
  lr: number;
  batchSize: number;
  weightDecay: number;
  momentum: number;
  epochs: number;
  /** Replicate index (1, 2, 3 …): different initialization and data order. */
  replicate: number;
  initSeed: number;
  orderSeed: number;
}

/** A 1D slice: linear interpolation between two solutions (x = α in θ(α) = (1−α)θ₁ + αθ₂), or a random direction. */
export interface Curve1D {
  kind: 'curve1d';
  id: string;
  title: string;
  axis: 'interpolation' | 'direction';
  /** For axis 'direction'. */
  directions?: DirectionInfo;
  x: number[];
  metrics: Record<MetricName, Array<number | null>>;
  evaluated: { train: number; test: number };
}

/** An optimizer path projected on the top two PCA directions of (θᵢ − θ_final). */
export interface Trajectory {
  kind: 'trajectory';
  id: string;
  title: string;
  /** Fraction of variance explained by PC1 and PC2. */
  explainedVariance: [number, number];
  /** Coordinates of each checkpoint on (PC1, PC2), in the same units as a surface on that plane. */
  x: number[];
  y: number[];
  /** Training step (or epoch) of each checkpoint. */
  step: number[];
  /** id of the surface2d artifact evaluated on this plane, if any. */
  surface?: string;
}

/** Hessian eigenvalue map: λmin, λmax and |λmin/λmax| over a grid (the paper's convexity maps). */
export interface Convexity {
  kind: 'convexity';
  id: string;
  title: string;
  x: number[];
  y: number[];
  lambdaMin: Array<number | null>;
  lambdaMax: Array<number | null>;
  /** |λmin/λmax| per point. */
  ratio: Array<number | null>;
  /** Lanczos ran until its Ritz residuals were below tol·|λmax| (absent: a fixed number of steps, older results). */
  tol?: number;
  /** Points where Lanczos hit its step cap before reaching tol. */
  unconverged?: number;
}

/** A histogram (e.g. of weight values or filter norms). */
export interface Histogram {
  kind: 'histogram';
  id: string;
  title: string;
  /** counts.length + 1 bin edges. */
  edges: number[];
  counts: number[];
}

/** Named scalar summaries (sharpness: λmax at the minimizer, 1D curvature, loss rise at a radius; final errors…). */
export interface Scalars {
  kind: 'scalars';
  id: string;
  title: string;
  values: Record<string, number | null>;
}

export type Artifact = Surface2D | TrainingHistory | Curve1D | Trajectory | Convexity | Histogram | Scalars;
export const ARTIFACT_KINDS = ['surface2d', 'training', 'curve1d', 'trajectory', 'convexity', 'histogram', 'scalars'] as const;

export interface ModelInfo {
  name: string;
  architecture: string;
  parameters: number;
  dataset: string;
  trainExamples: number;
  testExamples: number;
}

/**
 * How an experiment ended. 'diverged': a training diverged, so the probes that need a trained minimizer were skipped
 * (each with its reason) and the result holds the training history only; the site draws it as diverged.
 */
export type RunStatus = { state: 'ok' } | { state: 'diverged'; reason: string; skipped: Array<{ probe: string; reason: string }> };

export interface ExperimentResult {
  schemaVersion: number;
  id: string;
  title: string;
  /** Absent in results written before it was recorded: read it through runStatus(). */
  status?: RunStatus;
  model: ModelInfo;
  /** One entry per training the experiment used (two for an interpolation). */
  trainings: TrainingSetup[];
  provenance: Provenance;
  artifacts: Artifact[];
}

/** The status of a result ('ok' when it was written before statuses were recorded). */
export function runStatus(r: ExperimentResult): RunStatus {
  return r.status ?? { state: 'ok' };
}

export interface ManifestEntry {
  id: string;
  file: string;
  hash: string;
  title: string;
  finishedAt: string;
}

export interface Manifest {
  schemaVersion: number;
  experiments: ManifestEntry[];
}

const ID = /^[a-z0-9][a-z0-9-]*$/;

function parseId(f: Field): string {
  const id = f.string();
  if (!ID.test(id)) f.fail('an id of lowercase letters, digits and dashes');
  return id;
}

function parseFlatRecord(f: Field): Record<string, string | number | boolean> {
  const obj = f.object();
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (!['string', 'number', 'boolean'].includes(typeof v)) f.get(key).fail('a string, number or boolean');
  }
  return obj as Record<string, string | number | boolean>;
}

function parseProvenance(f: Field): Provenance {
  const data = f.get('data');
  const packages = f.get('packages');
  for (const key of Object.keys(packages.object())) packages.get(key).string();
  const timings = f.get('timings').items().map((t) => ({ step: t.get('step').string(), seconds: t.get('seconds').number() }));
  const hash = f.get('hash').string();
  if (!/^[0-9a-f]{64}$/.test(hash)) f.get('hash').fail('a sha256 hex digest (64 hex digits)');
  if (f.get('config').value === undefined) f.get('config').fail('the experiment config');
  return {
    hash,
    config: f.get('config').value,
    numericsVersion: f.get('numericsVersion').string(),
    codeVersion: f.get('codeVersion').string(),
    backend: f.get('backend').string(),
    device: f.get('device').string(),
    backendDetails: parseFlatRecord(f.get('backendDetails')),
    seed: f.get('seed').integer(),
    data: { name: data.get('name').string(), sha256: data.get('sha256').string() },
    packages: packages.value as Record<string, string>,
    node: f.get('node').string(),
    startedAt: f.get('startedAt').string(),
    finishedAt: f.get('finishedAt').string(),
    wallTimeSeconds: f.get('wallTimeSeconds').number(),
    timings,
  };
}

function parseSurface2D(f: Field): Surface2D {
  const x = f.get('x').numbers() as number[];
  const y = f.get('y').numbers() as number[];
  if (x.length < 2) f.get('x').fail('at least 2 coordinates');
  if (y.length < 2) f.get('y').fail('at least 2 coordinates');
  const m = f.get('metrics');
  const metrics = Object.fromEntries(
    METRICS.map((name) => [name, m.get(name).numbers({ length: x.length * y.length, nullable: true })]),
  ) as MetricGrid;
  const ev = f.get('evaluated');
  return {
    kind: 'surface2d',
    id: parseId(f.get('id')),
    title: f.get('title').string(),
    directions: parseDirections(f.get('directions')),
    ...(f.has('basis') ? { basis: f.get('basis').string(['random', 'pca']) as 'random' | 'pca' } : {}),
    x,
    y,
    metrics,
    evaluated: { train: ev.get('train').integer(0), test: ev.get('test').integer(0) },
  };
}

function parseTrainingSetup(f: Field): TrainingSetup {
  return {
    optimizer: f.get('optimizer').string(['sgd', 'adam']) as TrainingSetup['optimizer'],
    lr: f.get('lr').number(),
    batchSize: f.get('batchSize').integer(1),
    weightDecay: f.get('weightDecay').number(),
    momentum: f.get('momentum').number(),
    epochs: f.get('epochs').integer(0),
    replicate: f.get('replicate').integer(1),
    initSeed: f.get('initSeed').integer(),
    orderSeed: f.get('orderSeed').integer(),
  };
}

function parseTraining(f: Field): TrainingHistory {
  const convergence = f.has('convergence') ? f.get('convergence') : null;
  const evaluated = f.has('evaluated') ? f.get('evaluated') : null;
  return {
    kind: 'training',
    id: parseId(f.get('id')),
    diverged: f.get('diverged').boolean(),
    ...(f.has('divergence') ? { divergence: { epoch: f.get('divergence').get('epoch').integer(0), reason: f.get('divergence').get('reason').string() } } : {}),
    ...(evaluated ? { evaluated: { train: evaluated.get('train').integer(0), test: evaluated.get('test').integer(0) } } : {}),
    ...(convergence
      ? {
          convergence: {
            criterion: convergence.get('criterion').string(),
            met: convergence.get('met').boolean(),
            value: convergence.get('value').value === null ? null : convergence.get('value').number(),
          },
        }
      : {}),
    epochs: f.get('epochs').items().map((e) => {
      const nullableNumber = (k: string) => (e.get(k).value === null ? null : e.get(k).number());
      return {
        epoch: e.get('epoch').integer(1),
        lr: e.get('lr').number(),
        trainLoss: nullableNumber('trainLoss'),
        trainAccuracy: e.get('trainAccuracy').number(),
        testLoss: nullableNumber('testLoss'),
        testAccuracy: e.get('testAccuracy').number(),
        seconds: e.get('seconds').number(),
      };
    }),
  };
}

function parseDirections(d: Field): DirectionInfo {
  return {
    seed: d.get('seed').integer(),
    normalization: d.get('normalization').string(['filter', 'layer', 'weight', 'none']) as DirectionInfo['normalization'],
    biasBn: d.get('biasBn').string(['ignore', 'perturb']) as DirectionInfo['biasBn'],
    ...(d.has('states') ? { states: d.get('states').string(['ignore', 'perturb']) as 'ignore' | 'perturb' } : {}),
    ...(d.has('orthogonalize') ? { orthogonalize: d.get('orthogonalize').boolean() } : {}),
    ...(d.has('seeds') ? { seeds: d.get('seeds').items().map((s) => s.integer()) } : {}),
  };
}

function parseCurve1D(f: Field): Curve1D {
  const x = f.get('x').numbers() as number[];
  if (x.length < 2) f.get('x').fail('at least 2 coordinates');
  const m = f.get('metrics');
  const ev = f.get('evaluated');
  return {
    kind: 'curve1d',
    id: parseId(f.get('id')),
    title: f.get('title').string(),
    axis: f.get('axis').string(['interpolation', 'direction']) as Curve1D['axis'],
    ...(f.has('directions') ? { directions: parseDirections(f.get('directions')) } : {}),
    x,
    metrics: Object.fromEntries(METRICS.map((name) => [name, m.get(name).numbers({ length: x.length, nullable: true })])) as MetricGrid,
    evaluated: { train: ev.get('train').integer(0), test: ev.get('test').integer(0) },
  };
}

function parseTrajectory(f: Field): Trajectory {
  const x = f.get('x').numbers() as number[];
  const ev = f.get('explainedVariance').numbers({ length: 2 }) as number[];
  return {
    kind: 'trajectory',
    id: parseId(f.get('id')),
    title: f.get('title').string(),
    explainedVariance: [ev[0], ev[1]],
    x,
    y: f.get('y').numbers({ length: x.length }) as number[],
    step: f.get('step').numbers({ length: x.length }) as number[],
    ...(f.has('surface') ? { surface: parseId(f.get('surface')) } : {}),
  };
}

function parseConvexity(f: Field): Convexity {
  const x = f.get('x').numbers() as number[];
  const y = f.get('y').numbers() as number[];
  const n = x.length * y.length;
  return {
    kind: 'convexity',
    id: parseId(f.get('id')),
    title: f.get('title').string(),
    x,
    y,
    lambdaMin: f.get('lambdaMin').numbers({ length: n, nullable: true }),
    lambdaMax: f.get('lambdaMax').numbers({ length: n, nullable: true }),
    ratio: f.get('ratio').numbers({ length: n, nullable: true }),
    ...(f.has('tol') ? { tol: f.get('tol').number() } : {}),
    ...(f.has('unconverged') ? { unconverged: f.get('unconverged').integer(0) } : {}),
  };
}

function parseHistogram(f: Field): Histogram {
  const counts = f.get('counts').numbers() as number[];
  return {
    kind: 'histogram',
    id: parseId(f.get('id')),
    title: f.get('title').string(),
    edges: f.get('edges').numbers({ length: counts.length + 1 }) as number[],
    counts,
  };
}

function parseScalars(f: Field): Scalars {
  const v = f.get('values');
  const values: Record<string, number | null> = {};
  for (const key of Object.keys(v.object())) values[key] = v.get(key).value === null ? null : v.get(key).number();
  return { kind: 'scalars', id: parseId(f.get('id')), title: f.get('title').string(), values };
}

function parseArtifact(f: Field): Artifact {
  const kind = f.get('kind').string(ARTIFACT_KINDS);
  switch (kind) {
    case 'surface2d':
      return parseSurface2D(f);
    case 'training':
      return parseTraining(f);
    case 'curve1d':
      return parseCurve1D(f);
    case 'trajectory':
      return parseTrajectory(f);
    case 'convexity':
      return parseConvexity(f);
    case 'histogram':
      return parseHistogram(f);
    default:
      return parseScalars(f);
  }
}

/**
 * Validate a parsed experiment result: its structure here, then its meaning (semantics.ts: value ranges, axes, counts,
 * and that a `${id}.json` file holds that id); `file` names the source in errors.
 */
export function validateResult(value: unknown, file: string): ExperimentResult {
  const result = validateStructure(value, file);
  checkSemantics(result, file);
  return result;
}

function validateStructure(value: unknown, file: string): ExperimentResult {
  const f = new Field(file, '', value);
  const version = f.get('schemaVersion').integer();
  if (version !== SCHEMA_VERSION) f.get('schemaVersion').fail(`${SCHEMA_VERSION} (this code's schema version; recompute the file)`);
  const model = f.get('model');
  const artifacts = f.get('artifacts').items().map(parseArtifact);
  const ids = new Set<string>();
  artifacts.forEach((a, i) => {
    if (ids.has(a.id)) f.get('artifacts').get(String(i)).fail(`a unique artifact id (${a.id} repeats)`);
    ids.add(a.id);
  });
  return {
    schemaVersion: version,
    id: parseId(f.get('id')),
    title: f.get('title').string(),
    ...(f.has('status') ? { status: parseStatus(f.get('status')) } : {}),
    model: {
      name: model.get('name').string(),
      architecture: model.get('architecture').string(),
      parameters: model.get('parameters').integer(0),
      dataset: model.get('dataset').string(),
      trainExamples: model.get('trainExamples').integer(0),
      testExamples: model.get('testExamples').integer(0),
    },
    trainings: f.get('trainings').items().map(parseTrainingSetup),
    provenance: parseProvenance(f.get('provenance')),
    artifacts,
  };
}

function parseStatus(f: Field): RunStatus {
  const state = f.get('state').string(['ok', 'diverged']) as RunStatus['state'];
  if (state === 'ok') return { state };
  return {
    state,
    reason: f.get('reason').string(),
    skipped: f.get('skipped').items().map((s) => ({ probe: s.get('probe').string(), reason: s.get('reason').string() })),
  };
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SchemaError(file, '(whole file)', 'valid JSON', (e as Error).message);
  }
}

export function parseResult(text: string, file: string): ExperimentResult {
  return validateResult(parseJson(text, file), file);
}

/** JSON of a result, validated first: invalid data is never written. Non-finite numbers become null. */
export function serializeResult(result: ExperimentResult, file = `${result.id}.json`): string {
  const text = JSON.stringify(result, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
  validateResult(JSON.parse(text), file);
  return text + '\n';
}

export function validateManifest(value: unknown, file: string): Manifest {
  const f = new Field(file, '', value);
  const version = f.get('schemaVersion').integer();
  if (version !== SCHEMA_VERSION) f.get('schemaVersion').fail(String(SCHEMA_VERSION));
  return {
    schemaVersion: version,
    experiments: f.get('experiments').items().map((e) => ({
      id: parseId(e.get('id')),
      file: e.get('file').string(),
      hash: e.get('hash').string(),
      title: e.get('title').string(),
      finishedAt: e.get('finishedAt').string(),
    })),
  };
}

export function parseManifest(text: string, file: string): Manifest {
  return validateManifest(parseJson(text, file), file);
}

export function serializeManifest(manifest: Manifest): string {
  validateManifest(manifest, 'manifest.json');
  return JSON.stringify(manifest, null, 2) + '\n';
}

/** The artifact of a kind and id, or a SchemaError naming what is missing. */
export function findArtifact<K extends Artifact['kind']>(result: ExperimentResult, kind: K, id?: string): Extract<Artifact, { kind: K }> {
  const found = result.artifacts.find((a) => a.kind === kind && (id === undefined || a.id === id));
  if (!found) throw new SchemaError(`${result.id}.json`, 'artifacts', `an artifact of kind ${kind}${id ? ` with id ${id}` : ''}`, undefined);
  return found as Extract<Artifact, { kind: K }>;
}
