/**
 * How a figure shows a run that diverged. A diverged result (runStatus 'diverged', src/lib/schema.ts) holds its
 * training history and no surfaces, curves or trajectories, so a component must ask for the status before it asks for
 * an artifact: requireArtifact would fail the build with "no surface2d artifact", and the page should instead say
 * that the run diverged and why.
 */
import { runStatus, type Artifact, type ExperimentResult } from '../lib/schema';
import { divergedLabel, type DivergenceNote } from '../lib/plots/empty';
import { loadResult, requireArtifact } from './precomputed';
import { runName } from './run-names';

export { divergedLabel };

/** reason: the compute step's ("train loss NaN" …); epoch: from the training artifact's divergence record. */
export interface Divergence extends DivergenceNote {
  /** Probes that were not run, each with its reason. */
  skipped: Array<{ probe: string; reason: string }>;
}

/** The divergence of a result, or null when it is 'ok' (results written before statuses existed are 'ok'). */
export function divergenceOf(r: ExperimentResult): Divergence | null {
  const s = runStatus(r);
  if (s.state !== 'diverged') return null;
  // An interpolation has two trainings: the epoch is the one that diverged.
  const t = r.artifacts.find((a) => a.kind === 'training' && a.diverged);
  const epoch = t?.kind === 'training' ? (t.divergence?.epoch ?? null) : null;
  return { reason: s.reason, epoch, skipped: s.skipped };
}

export const isDiverged = (r: ExperimentResult): boolean => divergenceOf(r) !== null;

/** One sentence for a caption: which run diverged, why, and which probes were therefore not computed. */
/** "SGD, batch 64 diverged at epoch 2: …. Not computed: …": the run by its readable name (or a given name). */
export function divergedSentence(run: ExperimentResult | string, d: Divergence): string {
  const probes = [...new Set(d.skipped.map((s) => s.probe))];
  const name = typeof run === 'string' ? run : runName(run);
  return `${name} ${divergedLabel(d)}.${probes.length ? ` Not computed: ${probes.join(', ')}.` : ''}`;
}

export type ShownArtifact<K extends Artifact['kind']> =
  | { result: ExperimentResult; diverged: null; artifact: Extract<Artifact, { kind: K }> }
  | { result: ExperimentResult; diverged: Divergence; artifact: null };

/**
 * requireArtifact for a figure that can show a diverged run: the status first (diverged → no artifact, its
 * divergence), then the artifact, failing the build as requireArtifact does when an 'ok' result lacks it. A missing
 * result file still fails naming the component.
 */
export function artifactOrDivergence<K extends Artifact['kind']>(component: string, experiment: string, kind: K, id?: string): ShownArtifact<K> {
  let result: ExperimentResult;
  try {
    result = loadResult(experiment);
  } catch (e) {
    throw new Error(`<${component} experiment="${experiment}">: ${(e as Error).message}`);
  }
  const diverged = divergenceOf(result);
  if (diverged) return { result, diverged, artifact: null };
  return { ...requireArtifact(component, experiment, kind, id), diverged: null };
}

/**
 * The color domain several convexity maps share, [0, the largest finite |λmin/λmax|], over the maps of the runs that
 * did not diverge (a diverged run has no map; a map with no finite ratio adds nothing); null when none has a value.
 */
export function sharedConvexityDomain(experiments: string[], component = 'ConvexityFigure'): [number, number] | null {
  let hi = -Infinity;
  for (const id of experiments) {
    const { artifact } = artifactOrDivergence(component, id, 'convexity');
    for (const v of artifact?.ratio ?? []) if (v !== null && Number.isFinite(v) && v > hi) hi = v;
  }
  return hi === -Infinity ? null : [0, hi];
}
