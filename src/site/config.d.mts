/** Types of config.mjs (plain JavaScript so that astro.config.mjs can import it). */

export interface Author {
  name: string;
  affiliation?: string;
  /** ORCID iD, 0000-0000-0000-0000. */
  orcid?: string;
  /** A group cited as one name ("The landscape contributors"): braced in BibTeX so it is not split into first/last. */
  collective?: boolean;
}

/** What config.mjs's DEFAULTS hold (the environment may override the URL, base, dates and repository). */
export interface SiteDefaults {
  siteUrl: string;
  base: string;
  title: string;
  description: string;
  authors: Author[];
  /** YYYY-MM-DD, or null: the date the data were computed stands in. */
  published: string | null;
  updated: string | null;
  repository: string | null;
}

/** The resolved config: the defaults with the environment's overrides, siteUrl the origin ("https://owner.github.io",
 * no trailing slash) and base "/" or "/landscape". */
export interface SiteConfig extends SiteDefaults {
  /** The article's absolute URL, with a trailing slash: what citations and permalinks build on. */
  articleUrl: string;
  /** The site URL is still PLACEHOLDER_SITE_URL. */
  placeholder: boolean;
}

export const PLACEHOLDER_SITE_URL: string;
export const DEFAULTS: SiteDefaults;
export function siteConfig(env?: Record<string, string | undefined>, defaults?: SiteDefaults): SiteConfig;
export function configWarnings(config: SiteConfig): string[];
export const SITE: SiteConfig;
