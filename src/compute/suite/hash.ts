import { createHash } from 'node:crypto';

/**
 * Bumped whenever a change to the numerics (training, directions, surfaces, evaluation) changes results:
 * every stored result then becomes stale and is recomputed.
 */
export const NUMERICS_VERSION = '2';

/** JSON with object keys sorted at every level, so equal configs hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  );
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The key of a result: config and numerics version (the data's own hash is checked separately, when data is present). */
export function configHash(config: unknown): string {
  return sha256(canonicalJson({ config, numericsVersion: NUMERICS_VERSION }));
}
