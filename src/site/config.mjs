/**
 * The article's identity in ONE place: where it is published (site URL and base path), its title, authors, dates and
 * code repository. astro.config.mjs (the site and base Astro builds with), every citation and its BibTeX
 * (src/site/cite.ts) and the Google Scholar `citation_*` meta tags (src/layouts/Article.astro) all read SITE, so they
 * cannot disagree.
 *
 * Plain JavaScript because astro.config.mjs imports it before any TypeScript is compiled; its types are in
 * config.d.mts. To publish: edit DEFAULTS below, or set at build time
 *   SITE_URL=https://owner.github.io/landscape/   (the origin, or origin + path: the path becomes the base)
 *   BASE_PATH=/landscape                          (the path the site is served under; default "/")
 *   SITE_PUBLISHED=2026-12-01  SITE_UPDATED=…     (YYYY-MM-DD; without SITE_PUBLISHED the date is the data's)
 *   SITE_REPOSITORY=https://github.com/owner/landscape
 * A build with the placeholder URL still works (links inside the page are relative) but prints a warning, because
 * its citations and meta tags would point nowhere.
 */

/**
 * The published URL is not known in this checkout. `.invalid` is reserved (RFC 2606): it can never resolve to
 * someone else's site, and a citation that carries it is recognisably unconfigured.
 */
export const PLACEHOLDER_SITE_URL = 'https://landscape.invalid';

/** @type {import('./config.d.mts').SiteDefaults} */
export const DEFAULTS = {
  siteUrl: PLACEHOLDER_SITE_URL,
  base: '/',
  title: 'Visualizing the Loss Landscape of Neural Nets — a reproducible, interactive report',
  description:
    'Loss surfaces of neural networks, recomputed with TensorFlow.js: filter-normalized directions, interpolation, sharpness and generalization.',
  // No individual names are recorded for this project; a collective author is cited as one unit ({…} in BibTeX).
  authors: [{ name: 'The landscape contributors', collective: true }],
  published: null,
  updated: null,
  repository: null,
};

const FILE = 'src/site/config.mjs';
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An error that names where the bad value came from: the environment variable, or this file's field. */
function bad(source, value, why) {
  return new Error(`${source}: ${JSON.stringify(value)} ${why}`);
}

function httpUrl(value, source) {
  let u;
  try {
    u = new URL(value);
  } catch {
    throw bad(source, value, 'is not an absolute URL (expected https://host/…)');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw bad(source, value, 'must be an http(s) URL');
  if (u.search || u.hash) throw bad(source, value, 'must not have a query or a #fragment');
  return u;
}

function isoDate(value, source) {
  if (value === null || value === undefined || value === '') return null;
  const m = DATE.exec(String(value));
  const d = m && new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  if (!m || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) throw bad(source, value, 'is not a date of the form YYYY-MM-DD');
  return String(value);
}

/** "/" or "/landscape": a leading slash, no trailing one. */
function normalizeBase(value, source) {
  const b = String(value).trim();
  if (/[?#\s]/.test(b) || /^[a-z]+:/i.test(b)) throw bad(source, value, 'must be a path such as "/" or "/landscape"');
  const path = `/${b.replace(/^\/+|\/+$/g, '')}`;
  return path === '/' ? '/' : path;
}

/**
 * The configuration: DEFAULTS with the environment's overrides, validated. A bad value fails with the variable (or
 * this file's field) named. SITE_URL may carry the path ("https://owner.github.io/landscape/"): it becomes the base,
 * unless BASE_PATH says otherwise, which is an error rather than a guess.
 * @param {Record<string, string | undefined>} [env]
 * @param {import('./config.d.mts').SiteDefaults} [defaults]
 * @returns {import('./config.d.mts').SiteConfig}
 */
export function siteConfig(env = process.env, defaults = DEFAULTS) {
  const urlSource = env.SITE_URL ? 'SITE_URL' : `${FILE}: siteUrl`;
  const url = httpUrl(env.SITE_URL || defaults.siteUrl, urlSource);
  const baseSource = env.BASE_PATH ? 'BASE_PATH' : `${FILE}: base`;
  const configuredBase = normalizeBase(env.BASE_PATH || defaults.base, baseSource);
  const urlPath = normalizeBase(url.pathname, urlSource);
  if (urlPath !== '/' && configuredBase !== '/' && urlPath !== configuredBase) {
    throw bad(urlSource, url.href, `has the path ${urlPath} but ${baseSource} is ${configuredBase}: give the path in one of them`);
  }
  const base = urlPath !== '/' ? urlPath : configuredBase;
  const siteUrl = url.origin;
  if (!defaults.title?.trim()) throw bad(`${FILE}: title`, defaults.title, 'must be a non-empty string');
  if (!Array.isArray(defaults.authors) || defaults.authors.length === 0) throw bad(`${FILE}: authors`, defaults.authors, 'must list at least one author');
  defaults.authors.forEach((a, i) => {
    if (!a?.name?.trim()) throw bad(`${FILE}: authors[${i}].name`, a?.name, 'must be a non-empty string');
    if (a.orcid !== undefined && !/^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/.test(a.orcid)) throw bad(`${FILE}: authors[${i}].orcid`, a.orcid, 'is not an ORCID iD (0000-0000-0000-0000)');
  });
  const repositoryValue = env.SITE_REPOSITORY || defaults.repository;
  const repository = repositoryValue ? httpUrl(repositoryValue, env.SITE_REPOSITORY ? 'SITE_REPOSITORY' : `${FILE}: repository`).href.replace(/\/$/, '') : null;
  const published = isoDate(env.SITE_PUBLISHED || defaults.published, env.SITE_PUBLISHED ? 'SITE_PUBLISHED' : `${FILE}: published`);
  const updated = isoDate(env.SITE_UPDATED || defaults.updated, env.SITE_UPDATED ? 'SITE_UPDATED' : `${FILE}: updated`);
  if (published && updated && updated < published) throw bad(env.SITE_UPDATED ? 'SITE_UPDATED' : `${FILE}: updated`, updated, `is before the published date ${published}`);
  return {
    siteUrl,
    base,
    articleUrl: `${siteUrl}${base === '/' ? '/' : `${base}/`}`,
    title: defaults.title,
    description: defaults.description,
    authors: defaults.authors.map((a) => ({ ...a })),
    published,
    updated,
    repository,
    placeholder: siteUrl === new URL(PLACEHOLDER_SITE_URL).origin,
  };
}

/**
 * What the build should warn about: values still at their placeholder, so that a deployed site never cites a URL
 * nobody set by accident.
 * @param {import('./config.d.mts').SiteConfig} config
 * @returns {string[]}
 */
export function configWarnings(config) {
  const w = [];
  if (config.placeholder) {
    w.push(`the site URL is the placeholder ${config.siteUrl}: citations, permalinks and meta tags will point there. Set SITE_URL (or siteUrl in ${FILE}) to the published URL.`);
  }
  if (!config.published) w.push(`no publication date (SITE_PUBLISHED or published in ${FILE}): citations use the date the data were computed.`);
  if (!config.repository) w.push(`no repository URL (SITE_REPOSITORY or repository in ${FILE}): citations name none.`);
  return w;
}

/** The configuration of this build. */
export const SITE = siteConfig();
