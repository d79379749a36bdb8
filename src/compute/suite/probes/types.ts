/** What every probe handler receives, and the shape of a handler (one module per probe kind, see index.ts). */
import type { Artifact } from '../../../lib/schema.js';
import type { Model } from '../../models/params.js';
import type { Experiment, ProbeSpec } from '../config.js';
import type { RunContext } from '../context.js';
import type { PartialState } from '../partial.js';
import type { Prepared, Trained } from '../training.js';

export interface ProbeInput {
  exp: Experiment;
  model: Model;
  trained: Trained;
  data: Prepared;
  partial: PartialState;
  ctx: RunContext;
}

/**
 * A probe kind: makes its artifacts (the first carries the probe's own id and marks it done; a trajectory also
 * returns its PCA surface, the curves probe one curve per direction). `earlier` holds the artifacts of the probes
 * before it in the same run.
 */
export type ProbeHandler<P extends ProbeSpec> = (probe: P, input: ProbeInput, earlier: Artifact[]) => Promise<Artifact[]>;

export type ProbeHandlers = { [K in ProbeSpec['type']]: ProbeHandler<Extract<ProbeSpec, { type: K }>> };
