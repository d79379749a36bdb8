/**
 * Citations: the article's, each figure's (plain text and BibTeX, with the figure's permalink), the original paper's,
 * and the Google Scholar / Open Graph meta tags. Title, authors, URL, dates and repository all come from the one
 * config (src/site/config.mjs); the date falls back to when the data were computed (their provenance), never to the
 * build's clock, so two builds of the same data cite the same thing.
 */
import { SITE, type Author, type SiteConfig } from './config.mjs';
import { listExperiments, loadResult } from './precomputed';

/** What a citation needs to know about the article. */
export interface ArticleMeta {
  config: SiteConfig;
  /** Absolute, with a trailing slash. */
  url: string;
  /** YYYY-MM-DD: the configured publication date, else the day the newest result was computed (null: no data). */
  published: string | null;
  /** True when `published` is the data's date, not a configured one: the text then says "data computed". */
  publishedFromData: boolean;
  /** YYYY-MM-DD the newest result finished (null: no results). */
  computed: string | null;
  updated: string | null;
  year: number | null;
}

/** The newest `finishedAt` day among results' provenance. */
export function computedDate(results: Array<{ provenance: { finishedAt: string } }>): string | null {
  const days = results.map((r) => r.provenance.finishedAt.slice(0, 10)).filter((d) => /^\d{4}-\d\d-\d\d$/.test(d));
  return days.length ? days.sort().at(-1)! : null;
}

export function articleMeta(results: Array<{ provenance: { finishedAt: string } }> = listExperiments().map(loadResult), config: SiteConfig = SITE): ArticleMeta {
  const computed = computedDate(results);
  const published = config.published ?? computed;
  return {
    config,
    url: config.articleUrl,
    published,
    publishedFromData: !config.published && computed !== null,
    computed,
    updated: config.updated,
    year: published ? +published.slice(0, 4) : null,
  };
}

/** The article's own meta, built from precomputed/ once per build. */
let cachedMeta: ArticleMeta | null = null;
export function siteArticle(): ArticleMeta {
  cachedMeta ??= articleMeta();
  return cachedMeta;
}

/** "A", "A and B", "A, B and C". */
export function authorsText(authors: Author[]): string {
  const names = authors.map((a) => a.name);
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

const bibEscape = (s: string) => s.replace(/([{}%&$#_])/g, '\\$1');

/** BibTeX's author field: people as written ("Ada Lovelace"), a collective braced so it is not split into first/last. */
export function bibAuthors(authors: Author[]): string {
  return `{${authors.map((a) => (a.collective ? `{${bibEscape(a.name)}}` : bibEscape(a.name))).join(' and ')}}`;
}

/** The figure's permalink: the article URL with the figure's anchor. */
export function figureUrl(id: string, meta: ArticleMeta = siteArticle()): string {
  return `${meta.url}#${id}`;
}

/** The paper's BibTeX (its reference entry is in bibliography.ts). */
export const LI_2018 = {
  bibtex: `@inproceedings{li2018visualizing,
  title     = {Visualizing the Loss Landscape of Neural Nets},
  author    = {Li, Hao and Xu, Zheng and Taylor, Gavin and Studer, Christoph and Goldstein, Tom},
  booktitle = {Advances in Neural Information Processing Systems},
  volume    = {31},
  pages     = {6389--6399},
  year      = {2018}
}`,
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "Published 2026-12-01." / "Data computed 2026-11-28." / "" (no date known). */
function dateText(meta: ArticleMeta): string {
  if (!meta.published) return '';
  return `${meta.publishedFromData ? 'Data computed' : 'Published'} ${meta.published}${meta.updated ? `, updated ${meta.updated}` : ''}.`;
}

/** BibTeX date fields: year, month (BibTeX's macro) and biblatex's date. */
function bibDate(meta: ArticleMeta, year: number | null): string[] {
  if (!meta.published) return year ? [`  year         = {${year}},`] : [];
  return [`  year         = {${year ?? meta.published.slice(0, 4)}},`, `  month        = ${MONTHS[+meta.published.slice(5, 7) - 1]},`, `  date         = {${meta.published}},`];
}

const yearText = (year: number | null) => (year === null ? 'n.d.' : String(year));

export function articleCitation(meta: ArticleMeta = siteArticle()): { text: string; bibtex: string } {
  const c = meta.config;
  const repo = c.repository ? ` Code and data: ${c.repository}.` : '';
  const note = ['Reproduces Li et al. (2018), Visualizing the Loss Landscape of Neural Nets', c.repository ? `code and data: \\url{${c.repository}}` : ''].filter(Boolean).join('; ');
  return {
    text: [`${authorsText(c.authors)} (${yearText(meta.year)}). ${c.title}. ${meta.url}`, dateText(meta)].filter(Boolean).join(' ') + repo,
    bibtex: [
      `@misc{landscape${meta.year ?? ''},`,
      `  title        = {${bibEscape(c.title)}},`,
      `  author       = ${bibAuthors(c.authors)},`,
      ...bibDate(meta, meta.year),
      `  howpublished = {\\url{${meta.url}}},`,
      `  url          = {${meta.url}},`,
      `  note         = {${note}}`,
      '}',
    ].join('\n'),
  };
}

export interface FigureCiteInput {
  number: number;
  title: string;
  /** Absolute URL of the figure (article URL + #fig-n): figureUrl(id). */
  url: string;
  /** Default: the article's year. */
  year?: number;
  /** "SGD, batch 64 (run batch-sgd-small, config c46394b294b6)" per experiment. */
  data: string[];
  meta?: ArticleMeta;
}

export function figureCitation({ number, title, url, year, data, meta = siteArticle() }: FigureCiteInput): { text: string; bibtex: string } {
  const c = meta.config;
  const y = year ?? meta.year;
  const dataNote = data.length ? ` Data: ${data.join('; ')}.` : '';
  return {
    text: `${authorsText(c.authors)} (${yearText(y)}). Figure ${number}: ${title}. In: ${c.title}. ${url}.${dataNote}`,
    bibtex: [
      `@misc{landscape${y ?? ''}fig${number},`,
      `  title        = {Figure ${number}: ${bibEscape(title)}},`,
      `  author       = ${bibAuthors(c.authors)},`,
      ...bibDate(meta, y),
      `  howpublished = {\\url{${url}}},`,
      `  url          = {${url}},`,
      `  note         = {In: ${bibEscape(c.title)}.${bibEscape(dataNote)}}`,
      '}',
    ].join('\n'),
  };
}

/** Google Scholar wants dates as YYYY/MM/DD. */
const scholarDate = (d: string) => d.replaceAll('-', '/');

/**
 * The <meta> tags that let Google Scholar (citation_*, its Highwire-style tags: one citation_author per author,
 * followed by that author's institution and ORCID) and link previews (og:*) cite the article as configured.
 */
export function scholarMeta(meta: ArticleMeta = siteArticle()): Array<{ name?: string; property?: string; content: string }> {
  const c = meta.config;
  const tags: Array<{ name?: string; property?: string; content: string }> = [{ name: 'citation_title', content: c.title }];
  for (const a of c.authors) {
    tags.push({ name: 'citation_author', content: a.name });
    if (a.affiliation) tags.push({ name: 'citation_author_institution', content: a.affiliation });
    if (a.orcid) tags.push({ name: 'citation_author_orcid', content: `https://orcid.org/${a.orcid}` });
  }
  if (meta.published) tags.push({ name: 'citation_publication_date', content: scholarDate(meta.published) });
  if (meta.updated) tags.push({ name: 'citation_online_date', content: scholarDate(meta.updated) });
  tags.push(
    { name: 'citation_abstract_html_url', content: meta.url },
    { name: 'citation_fulltext_html_url', content: meta.url },
    { name: 'citation_public_url', content: meta.url },
    { name: 'citation_language', content: 'en' },
    { property: 'og:type', content: 'article' },
    { property: 'og:title', content: c.title },
    { property: 'og:description', content: c.description },
    { property: 'og:url', content: meta.url },
  );
  if (meta.published) tags.push({ property: 'article:published_time', content: meta.published });
  if (meta.updated) tags.push({ property: 'article:modified_time', content: meta.updated });
  return tags;
}

/** schema.org JSON-LD for the article, as a string safe inside <script type="application/ld+json">. */
export function articleJsonLd(meta: ArticleMeta = siteArticle(), basedOn = 'https://arxiv.org/abs/1712.09913'): string {
  const c = meta.config;
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'ScholarlyArticle',
    headline: c.title,
    description: c.description,
    url: meta.url,
    author: c.authors.map((a) => ({
      '@type': a.collective ? 'Organization' : 'Person',
      name: a.name,
      ...(a.affiliation ? { affiliation: { '@type': 'Organization', name: a.affiliation } } : {}),
      ...(a.orcid ? { sameAs: `https://orcid.org/${a.orcid}` } : {}),
    })),
    ...(meta.published ? { datePublished: meta.published } : {}),
    ...(meta.updated ? { dateModified: meta.updated } : {}),
    isBasedOn: basedOn,
  };
  // "</script>" inside the JSON would end the element early.
  return JSON.stringify(ld).replace(/</g, '\\u003c');
}
