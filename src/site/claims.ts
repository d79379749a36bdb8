/**
 * The paper's claims as the site shows them: allClaims (src/lib/claims.ts) on the results in PRECOMPUTED_DIR, for the
 * site's design, computed once per build. Look-ups fail the build naming what was asked for and what exists, so a
 * misspelt claim or effect key in the article is an error, never a silently empty sentence.
 */
import { allClaims, type Claim, type Effect } from '../lib/claims';
import { SITE_DESIGN } from './design';
import { loadResult, tryLoadResult } from './precomputed';
import { nameRunsIn } from './run-names';

let cached: Claim[] | null = null;

/** Every claim, in the article's order. */
export function siteClaims(): Claim[] {
  cached ??= allClaims(loadResult, SITE_DESIGN);
  return cached;
}

export function claimById(id: string, claims: Claim[] = siteClaims()): Claim {
  const c = claims.find((x) => x.id === id);
  if (!c) throw new Error(`claim "${id}": no such claim (claims: ${claims.map((x) => x.id).join(', ')}).`);
  return c;
}

export function effectOf(claim: Claim, key: string): Effect {
  const e = claim.effects.find((x) => x.key === key);
  if (!e) throw new Error(`claim "${claim.id}": no effect "${key}" (effects: ${claim.effects.map((x) => x.key).join(', ')}).`);
  return e;
}

/** A claim's text with its run ids (in notes: "included: resnet20-noskip, …") as the names a reader sees. */
export function nameRuns(text: string): string {
  return nameRunsIn(text, tryLoadResult);
}
