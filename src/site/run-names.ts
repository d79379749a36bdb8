/**
 * Readable names of runs for everything a reader sees ("SGD, batch 64", "ResNet-20 without skip connections",
 * "MLP, 2 × 128 hidden units") instead of experiment ids (batch-sgd-small, resnet20-noskip, width-128), which stay in
 * data attributes, URLs, downloads and provenance lines. Names are derived from what a result records (its model and
 * its typed training setups, src/lib/schema.ts), never from its id, so a new or renamed experiment is named by what
 * it is.
 *
 * A name is only as long as its context needs: among peers (the runs of one figure, one note, one list) it keeps
 * the facets that tell them apart, most telling first (architecture, optimizer, batch size, weight decay, learning
 * rate …); alone, a run gets its full description. Replicates of one configuration are told apart by "replicate k".
 */
import type { ExperimentResult, ModelInfo, TrainingSetup } from '../lib/schema';
import { formatParam } from '../lib/format';

const OPTIMIZERS: Record<TrainingSetup['optimizer'], string> = { sgd: 'SGD', adam: 'Adam' };

/**
 * The architecture in words, from ModelInfo.name as src/compute/models/ writes it (mlp-784-128-10,
 * resnet20-b8-noshort, vgg…); anything else falls back to the architecture string's first clause.
 */
export function modelName(m: ModelInfo): string {
  const resnet = /^resnet(\d+)(?:-w(\d+))?(?:-b\d+)?(-noshort)?$/.exec(m.name);
  if (resnet) {
    const width = resnet[2] ? `, width ${resnet[2]}×` : '';
    return `ResNet-${resnet[1]}${width} ${resnet[3] ? 'without' : 'with'} skip connections`;
  }
  const mlp = /^mlp-(\d+(?:-\d+)+)$/.exec(m.name);
  if (mlp) {
    const hidden = mlp[1].split('-').slice(1, -1);
    if (hidden.length === 0) return 'linear model';
    if (new Set(hidden).size === 1) return `MLP, ${hidden.length > 1 ? `${hidden.length} × ` : ''}${hidden[0]} hidden units`;
    return `MLP ${mlp[1]}`;
  }
  return m.architecture.split(',')[0].trim() || m.name;
}

/** One training in words: optimizer, batch size and weight decay (and the learning rate when `lr` is asked for). */
export function trainingName(t: TrainingSetup, lr = false): string {
  return [OPTIMIZERS[t.optimizer], `batch ${t.batchSize}`, t.weightDecay > 0 ? `weight decay ${formatParam(t.weightDecay)}` : '', lr ? `learning rate ${formatParam(t.lr)}` : '']
    .filter(Boolean)
    .join(', ');
}

/** The facets a name is built from, most telling first; '' where a facet says nothing (no weight decay). */
const FACETS = ['model', 'optimizer', 'batch', 'weightDecay', 'lr', 'interpolation', 'epochs', 'examples', 'momentum'] as const;
type Facet = (typeof FACETS)[number];
/** Facets of the training (the rest describe the architecture or the data). */
const TRAINING: readonly Facet[] = ['optimizer', 'batch', 'weightDecay', 'lr', 'epochs', 'momentum'];

function facets(r: ExperimentResult): Record<Facet, string> {
  const [t, t2] = r.trainings;
  const none = { optimizer: '', batch: '', weightDecay: '', lr: '', epochs: '', momentum: '', interpolation: '' };
  const model = modelName(r.model);
  const examples = `${r.model.trainExamples.toLocaleString('en')} training examples`;
  if (!t) return { ...none, model, examples };
  if (t2) {
    // An interpolation between two trainings: its endpoints are its identity. The learning rate is named only
    // when the endpoints differ in nothing else.
    const lr = trainingName(t) === trainingName(t2);
    return { ...none, model, examples, interpolation: `interpolation from ${trainingName(t, lr)} to ${trainingName(t2, lr)}` };
  }
  return {
    model,
    examples,
    interpolation: '',
    optimizer: OPTIMIZERS[t.optimizer],
    batch: `batch ${t.batchSize}`,
    weightDecay: t.weightDecay > 0 ? `weight decay ${formatParam(t.weightDecay)}` : '',
    lr: `learning rate ${formatParam(t.lr)}`,
    epochs: `${t.epochs} epoch${t.epochs === 1 ? '' : 's'}`,
    momentum: t.optimizer === 'sgd' ? `momentum ${formatParam(t.momentum)}` : '',
  };
}

const replicateOf = (r: ExperimentResult) => r.trainings[0]?.replicate ?? 1;

/** Model, then the training in parentheses: "ResNet-14 without skip connections (SGD, batch 128, weight decay 5e-4, learning rate 0.1)". */
function compose(f: Record<Facet, string>, chosen: readonly Facet[], replicate: number | null): string {
  const has = (k: Facet) => chosen.includes(k) && f[k] !== '';
  // Any training facet brings the optimizer with it: "SGD, batch 64" reads better than "batch 64".
  const training = TRAINING.filter((k) => has(k) || (k === 'optimizer' && TRAINING.some(has))).map((k) => f[k]).filter(Boolean);
  const rest = [has('interpolation') ? f.interpolation : '', has('examples') ? f.examples : '', ...training, replicate ? `replicate ${replicate}` : ''].filter(Boolean);
  if (!has('model')) return capitalize(rest.join(', '));
  return rest.length ? `${f.model} (${rest.join(', ')})` : f.model;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A name with a note in parentheses: "ResNet-8 with skip connections (replicate 2)"; inside the name's own closing
 * parenthesis if it ends with one, after `separator` ("SGD, batch 64 (…, learning rate 0.05; run x)").
 */
export const annotate = (name: string, note: string, separator = ', ') => (name.endsWith(')') ? `${name.slice(0, -1)}${separator}${note})` : `${name} (${note})`);

/** The full description of one run: architecture, training (with learning rate), replicate when it is not the first. */
function fullName(r: ExperimentResult, withReplicate = true): string {
  const f = facets(r);
  const rep = replicateOf(r);
  return compose(f, ['model', 'interpolation', 'optimizer', 'batch', 'weightDecay', 'lr'], withReplicate && rep > 1 ? rep : null);
}

/** Facets, greedily, that raise the number of distinct names among the peers' configurations. */
function distinguishing(peers: ExperimentResult[]): Facet[] {
  const all = peers.map(facets);
  const chosen: Facet[] = [];
  let distinct = 1;
  for (const k of FACETS) {
    const n = new Set(all.map((f) => [...chosen, k].map((c) => f[c]).join('\u0000'))).size;
    if (n > distinct) {
      chosen.push(k);
      distinct = n;
    }
  }
  return chosen;
}

const uniqueById = (rs: ExperimentResult[]) => [...new Map(rs.map((r) => [r.id, r])).values()];

/**
 * Names for several runs shown together (id → name), each as short as telling them apart allows: the six batch
 * runs read "SGD, batch 64" … "Adam, batch 2048", the ResNets "ResNet-20 with skip connections". Runs that differ
 * only by replicate get "replicate k"; a lone run, or peers with one configuration, get the full description.
 * `withReplicates: false` leaves replicates unnamed (for a list that groups them, see describeRuns).
 */
export function runNames(results: ExperimentResult[], { withReplicates = true } = {}): Map<string, string> {
  const peers = uniqueById(results);
  const chosen = distinguishing(peers);
  const base = new Map(peers.map((r) => [r.id, chosen.length ? compose(facets(r), chosen, null) : fullName(r, withReplicates)]));
  const out = new Map<string, string>();
  for (const r of peers) {
    const name = base.get(r.id)!;
    const twins = peers.filter((p) => base.get(p.id) === name);
    if (twins.length === 1 || !withReplicates) {
      out.set(r.id, name);
      continue;
    }
    const byReplicate = twins.filter((p) => replicateOf(p) === replicateOf(r)).length === 1;
    // Twins that even their replicate cannot tell apart (two copies of one run) keep their id: nothing else differs.
    out.set(r.id, annotate(name, byReplicate ? `replicate ${replicateOf(r)}` : r.id));
  }
  return out;
}

/** A run's readable name: among `peers` (default: alone, the full description), see runNames. */
export function runName(result: ExperimentResult, peers: ExperimentResult[] = [result]): string {
  return runNames([result, ...peers]).get(result.id)!;
}

/** "1, 2 and 3". */
const inWords = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/**
 * A list of runs in words, replicates of one configuration grouped: "ResNet-20 without skip connections (replicates
 * 1, 2 and 3); ResNet-8 with skip connections (replicate 2)". In the order the runs first appear.
 */
export function describeRuns(results: ExperimentResult[]): string {
  const peers = uniqueById(results);
  if (peers.length === 1) return fullName(peers[0]);
  const names = runNames(peers, { withReplicates: false });
  const groups = new Map<string, number[]>();
  for (const r of peers) groups.set(names.get(r.id)!, [...(groups.get(names.get(r.id)!) ?? []), replicateOf(r)]);
  return [...groups].map(([name, reps]) => annotate(name, `replicate${reps.length > 1 ? 's' : ''} ${inWords(reps.sort((a, b) => a - b).map(String))}`)).join('; ');
}

/** An experiment id as results use it: lower case words joined by "-" (batch-sgd-small-s2, resnet20-noskip). */
const ID = String.raw`[a-z][a-z0-9]*(?:-[a-z0-9]+)+`;
const ID_LIST = new RegExp(String.raw`(?<![\w-])${ID}(?:, ${ID})*(?![\w-])`, 'g');

/**
 * Text with the run ids in it replaced by names: a comma-separated list of ids that all name results becomes
 * describeRuns of them, a lone id its full name. `lookup` returns the result of an id, or null for a word that is
 * not one ("filter-normalized"), which is left as it is; an id with no result (a missing run) stays an id, since
 * nothing else is known about it.
 */
export function nameRunsIn(text: string, lookup: (id: string) => ExperimentResult | null): string {
  return text.replace(ID_LIST, (list) => {
    const words = list.split(', ');
    const found = words.map(lookup);
    if (found.every((r): r is ExperimentResult => r !== null)) return describeRuns(found);
    return words.map((w, i) => (found[i] ? fullName(found[i]!) : w)).join(', ');
  });
}
