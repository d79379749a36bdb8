/**
 * The experimental design the site renders: the same design() the compute suite and the claims use, for the profile
 * the results folder was computed with (LANDSCAPE_PROFILE, default 'standard', what precomputed/ holds). Every id the
 * article names comes from here (ids.* of src/lib/design.ts), so a quick-profile folder renders the whole article.
 */
import { design, PROFILES, type Design, type Profile } from '../lib/design';

/** The profile named by `value` (LANDSCAPE_PROFILE); an unknown name fails the build saying what is accepted. */
export function siteProfile(value: string | undefined = process.env.LANDSCAPE_PROFILE): Profile {
  const name = value === undefined || value === '' ? 'standard' : value;
  if (!(PROFILES as readonly string[]).includes(name)) {
    throw new Error(`LANDSCAPE_PROFILE=${JSON.stringify(name)}: unknown profile; expected one of ${PROFILES.join(', ')} (the profile the results in PRECOMPUTED_DIR were computed with).`);
  }
  return name as Profile;
}

export const SITE_DESIGN: Design = design(siteProfile());
