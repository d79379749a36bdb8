/**
 * The data behind DirectionCurves: for each normalization of the random directions (filter-normalized, unnormalized),
 * each panel's runs with the band of their N direction curves (src/lib/plots/band.ts), and one y range per
 * normalization shared by its panels. The artifact names are the compute suite's convention: 'curve-filter-k' and
 * 'curve-none-k', k = 1 … N, each a curve1d whose `directions.normalization` says which it is (checked here).
 * A diverged run has no curves: it is listed with its divergence in its panel, and left out of the shared y range.
 */
import { curveBand, type Band, type Spread } from '../lib/plots/band';
import { paddedExtent } from '../lib/plots/frame';
import type { Curve1D, MetricName } from '../lib/schema';
import { requireArtifact } from './precomputed';
import { artifactOrDivergence, type Divergence } from './run-status';

export const DIRECTION_STATES = [
  { key: 'filter', normalization: 'filter', label: 'filter-normalized', artifact: (k: number) => `curve-filter-${k}`, xLabel: 'α (filter-normalized direction)' },
  { key: 'none', normalization: 'none', label: 'unnormalized', artifact: (k: number) => `curve-none-${k}`, xLabel: 'α (unnormalized direction)' },
] as const;
export type DirectionStateKey = (typeof DIRECTION_STATES)[number]['key'];

export interface DirectionPanelSpec {
  label: string;
  runs: Array<{ experiment: string; label: string }>;
}

export interface DirectionRun {
  experiment: string;
  label: string;
  /** Position of the run in its panel's spec: its color and dash, kept when another run of the panel diverged. */
  slot: number;
  band: Band;
  /** Training examples each loss averages over. */
  evaluated: number;
  /** Seed of direction k (k = 1 … N). */
  seeds: number[];
}

export interface DivergedRun {
  experiment: string;
  label: string;
  slot: number;
  divergence: Divergence;
}

export interface DirectionPanel {
  label: string;
  runs: DirectionRun[];
  /** Runs of the panel that diverged: no curves, named with their reason. */
  diverged: DivergedRun[];
}

export interface DirectionState {
  key: DirectionStateKey;
  label: string;
  xLabel: string;
  panels: DirectionPanel[];
  /** One y range for every panel of this normalization; null when every run diverged. */
  yDomain: [number, number] | null;
  /** α range of the curves; null when every run diverged. */
  xRange: [number, number] | null;
  /** Every run saw the same direction k (same seed): differences between runs are differences of solutions. */
  sharedDirections: boolean;
}

export function directionStates(panels: DirectionPanelSpec[], directions: number, { spread = 'range' as Spread, metric = 'trainLoss' as MetricName, component = 'DirectionCurves' } = {}): DirectionState[] {
  if (!panels?.length) throw new Error(`<${component}>: panels needs at least one { label, runs: [{ experiment, label }] }`);
  if (!Number.isInteger(directions) || directions < 1) throw new Error(`<${component}>: directions must be a positive integer (the design's curveDirections), got ${directions}`);
  for (const p of panels) if (!p.runs?.length) throw new Error(`<${component}>: panel "${p.label}" has no runs`);
  return DIRECTION_STATES.map((state) => {
    const statePanels = panels.map((p): DirectionPanel => {
      const diverged: DivergedRun[] = [];
      const runs = p.runs.flatMap((run, slot): DirectionRun[] => {
        // The status first: a diverged run has no curve1d to require.
        const first = artifactOrDivergence(component, run.experiment, 'curve1d', state.artifact(1));
        if (first.diverged) {
          diverged.push({ experiment: run.experiment, label: run.label, slot, divergence: first.diverged });
          return [];
        }
        const curves: Curve1D[] = [];
        for (let k = 1; k <= directions; k++) {
          const { artifact } = requireArtifact(component, run.experiment, 'curve1d', state.artifact(k));
          const found = artifact.directions?.normalization;
          if (found !== state.normalization) throw new Error(`<${component}>: ${run.experiment}/${artifact.id} is labelled ${state.label} but its directions are ${found ? `${found}-normalized` : 'not recorded'}.`);
          curves.push(artifact);
        }
        let band: Band;
        try {
          band = curveBand(curves.map((c) => ({ x: c.x, y: c.metrics[metric] })), spread);
        } catch (e) {
          throw new Error(`<${component}>: ${run.experiment}, ${state.label} curves: ${(e as Error).message}`);
        }
        return [{ experiment: run.experiment, label: run.label, slot, band, evaluated: curves[0].evaluated.train, seeds: curves.map((c) => c.directions!.seed) }];
      });
      return { label: p.label, runs, diverged };
    });
    const runs = statePanels.flatMap((p) => p.runs);
    const x = runs[0]?.band.x;
    return {
      key: state.key,
      label: state.label,
      xLabel: state.xLabel,
      panels: statePanels,
      yDomain: runs.length ? paddedExtent(runs.flatMap((r) => [r.band.lo, r.band.hi, r.band.mean]), 0.05) : null,
      xRange: x ? [x[0], x[x.length - 1]] : null,
      sharedDirections: runs.every((r) => r.seeds.every((s, k) => s === runs[0].seeds[k])),
    };
  });
}
