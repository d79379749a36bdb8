import { describe, expect, it } from 'vitest';
import { DEFAULTS, PLACEHOLDER_SITE_URL, configWarnings, siteConfig } from '../../src/site/config.mjs';
import { articleCitation, articleJsonLd, articleMeta, bibAuthors, computedDate, figureCitation, scholarMeta } from '../../src/site/cite';
import { cornerText, surfaceCorners, surfaceMaximum } from '../../src/site/prose';
import type { Surface2D } from '../../src/lib/schema';

const people = { ...DEFAULTS, authors: [{ name: 'Ada Lovelace', affiliation: 'Analytical Engines Ltd', orcid: '0000-0002-1825-0097' }, { name: 'Alan Turing' }] };
const finished = (iso: string) => ({ provenance: { finishedAt: iso } });

describe('site config (src/site/config.mjs)', () => {
  it('defaults to a placeholder URL, which the build warns about', () => {
    const c = siteConfig({});
    expect(c.siteUrl).toBe(new URL(PLACEHOLDER_SITE_URL).origin);
    expect(c.placeholder).toBe(true);
    expect(c.articleUrl).toBe(`${new URL(PLACEHOLDER_SITE_URL).origin}/`);
    expect(configWarnings(c).join('\n')).toMatch(/site URL is the placeholder.*Set SITE_URL/);
  });

  it('takes the URL, base, dates and repository from the environment', () => {
    const c = siteConfig({ SITE_URL: 'https://owner.github.io', BASE_PATH: 'landscape/', SITE_PUBLISHED: '2026-12-01', SITE_UPDATED: '2027-01-05', SITE_REPOSITORY: 'https://github.com/owner/landscape/' });
    expect(c).toMatchObject({ siteUrl: 'https://owner.github.io', base: '/landscape', articleUrl: 'https://owner.github.io/landscape/', published: '2026-12-01', updated: '2027-01-05', repository: 'https://github.com/owner/landscape', placeholder: false });
    expect(configWarnings(c)).toEqual([]);
  });

  it('a path in SITE_URL becomes the base; a conflicting BASE_PATH is an error, not a guess', () => {
    expect(siteConfig({ SITE_URL: 'https://owner.github.io/landscape/' })).toMatchObject({ siteUrl: 'https://owner.github.io', base: '/landscape', articleUrl: 'https://owner.github.io/landscape/' });
    expect(() => siteConfig({ SITE_URL: 'https://owner.github.io/landscape/', BASE_PATH: '/other' })).toThrow(/SITE_URL: .*path \/landscape but BASE_PATH is \/other/);
  });

  it('bad values fail naming the variable or the field', () => {
    expect(() => siteConfig({ SITE_URL: 'owner.github.io' })).toThrow(/^SITE_URL: "owner.github.io" is not an absolute URL/);
    expect(() => siteConfig({ SITE_URL: 'ftp://x.org' })).toThrow(/^SITE_URL: .*http\(s\)/);
    expect(() => siteConfig({ SITE_PUBLISHED: '2026-02-30' })).toThrow(/^SITE_PUBLISHED: "2026-02-30" is not a date of the form YYYY-MM-DD/);
    expect(() => siteConfig({ SITE_PUBLISHED: '2026-12-01', SITE_UPDATED: '2026-11-01' })).toThrow(/^SITE_UPDATED: .*before the published date/);
    expect(() => siteConfig({}, { ...DEFAULTS, authors: [] })).toThrow(/^src\/site\/config.mjs: authors: .*at least one author/);
    expect(() => siteConfig({}, { ...DEFAULTS, authors: [{ name: 'A', orcid: '12' }] })).toThrow(/^src\/site\/config.mjs: authors\[0\].orcid/);
  });
});

describe('citations from the config', () => {
  it('the date is the configured one, else the day the newest result was computed (never the build clock)', () => {
    expect(computedDate([finished('2026-11-27T23:59:00Z'), finished('2026-11-28T01:00:00Z')])).toBe('2026-11-28');
    const fromData = articleMeta([finished('2026-11-28T01:00:00Z')], siteConfig({}));
    expect(fromData).toMatchObject({ published: '2026-11-28', publishedFromData: true, year: 2026 });
    expect(articleCitation(fromData).text).toContain('Data computed 2026-11-28.');
    const set = articleMeta([finished('2026-11-28T01:00:00Z')], siteConfig({ SITE_PUBLISHED: '2027-01-02' }));
    expect(set).toMatchObject({ published: '2027-01-02', publishedFromData: false, year: 2027 });
    expect(articleCitation(set).text).toContain('Published 2027-01-02.');
    expect(articleMeta([], siteConfig({})).year).toBeNull();
  });

  it('the article and a figure cite the configured URL, authors, date and repository', () => {
    const meta = articleMeta([finished('2026-11-28T01:00:00Z')], siteConfig({ SITE_URL: 'https://owner.github.io/landscape', SITE_REPOSITORY: 'https://github.com/owner/landscape' }, people));
    const a = articleCitation(meta);
    expect(a.text).toBe(`Ada Lovelace and Alan Turing (2026). ${DEFAULTS.title}. https://owner.github.io/landscape/ Data computed 2026-11-28. Code and data: https://github.com/owner/landscape.`);
    expect(a.bibtex).toContain('author       = {Ada Lovelace and Alan Turing},');
    expect(a.bibtex).toContain('month        = nov,');
    expect(a.bibtex).toContain('date         = {2026-11-28},');
    expect(a.bibtex).toContain('url          = {https://owner.github.io/landscape/}');
    expect(a.bibtex).toContain('code and data: \\url{https://github.com/owner/landscape}');
    const f = figureCitation({ number: 3, title: 'A_b', url: `${meta.url}#fig-3`, data: ['SGD, batch 64 (run r, config abc)'], meta });
    expect(f.text).toBe(`Ada Lovelace and Alan Turing (2026). Figure 3: A_b. In: ${DEFAULTS.title}. https://owner.github.io/landscape/#fig-3. Data: SGD, batch 64 (run r, config abc).`);
    expect(f.bibtex).toMatch(/^@misc\{landscape2026fig3,/);
    expect(f.bibtex).toContain('title        = {Figure 3: A\\_b}');
  });

  it('a collective author is braced in BibTeX, so it is not split into first and last names', () => {
    expect(bibAuthors([{ name: 'The landscape contributors', collective: true }])).toBe('{{The landscape contributors}}');
    expect(bibAuthors([{ name: 'Ada Lovelace' }, { name: 'R&D Lab', collective: true }])).toBe('{Ada Lovelace and {R\\&D Lab}}');
  });

  it('Google Scholar tags: one citation_author per author (with institution and ORCID), date as YYYY/MM/DD, the URL', () => {
    const meta = articleMeta([finished('2026-11-28T01:00:00Z')], siteConfig({ SITE_URL: 'https://owner.github.io', SITE_PUBLISHED: '2026-12-01' }, people));
    const tags = scholarMeta(meta);
    const named = (n: string) => tags.filter((t) => t.name === n).map((t) => t.content);
    expect(named('citation_title')).toEqual([DEFAULTS.title]);
    expect(named('citation_author')).toEqual(['Ada Lovelace', 'Alan Turing']);
    // Scholar reads an institution or ORCID as belonging to the citation_author just before it.
    const order = tags.map((t) => t.name ?? t.property);
    expect(order.indexOf('citation_author_institution')).toBe(order.indexOf('citation_author') + 1);
    expect(named('citation_author_orcid')).toEqual(['https://orcid.org/0000-0002-1825-0097']);
    expect(named('citation_publication_date')).toEqual(['2026/12/01']);
    expect(named('citation_abstract_html_url')).toEqual(['https://owner.github.io/']);
    const ld = JSON.parse(articleJsonLd(meta));
    expect(ld).toMatchObject({ '@type': 'ScholarlyArticle', url: 'https://owner.github.io/', datePublished: '2026-12-01' });
    expect(articleJsonLd({ ...meta, config: { ...meta.config, title: '</script><b>' } })).not.toContain('</script>');
  });
});

describe('corner sentence of a surface', () => {
  // 3×3 grid on [-1, 1]², row-major (index j·nx + i); the grid's largest value can sit off the corners.
  const surface = (values: Array<number | null>): Surface2D => ({
    kind: 'surface2d', id: 's', title: 't', directions: { seed: 1, normalization: 'filter', biasBn: 'ignore' }, x: [-1, 0, 1], y: [-1, 0, 1], evaluated: { train: 1, test: 1 },
    metrics: { trainLoss: values, trainAccuracy: values, testLoss: values, testAccuracy: values },
  });
  it('names the range over the four corners and the corner with the highest value', () => {
    const s = surface([4, 1, 2, 1, 0.5, 1, 3, 1, 2.5]);
    expect(surfaceCorners(s).map((c) => c.value)).toEqual([4, 2, 3, 2.5]);
    expect(cornerText(s, 0.5)).toBe('at the corners of the [-1, 1]² box, one filter-norm away along both directions, it rises to between 2.000 and 4.000, highest at (α, β) = (-1, -1)');
  });
  it('says where the grid maximum is when it is not a corner; "is", not "rises", when a corner is below the centre', () => {
    const s = surface([2, 9, 3, 1, 2.5, 1, 3, 1, 2.2]);
    expect(surfaceMaximum(s)).toEqual({ alpha: 0, beta: -1, value: 9 });
    expect(cornerText(s, 2.5)).toBe('at the corners of the [-1, 1]² box, one filter-norm away along both directions, it is between 2.000 and 3.000, highest at (α, β) = (1, -1); the highest value on the grid, 9.000, is at (α, β) = (0, -1)');
  });
  it('leaves out non-finite corners and says so', () => {
    expect(cornerText(surface([null, 1, 2, 1, 0.5, 1, 3, 1, 2]), 0.5)).toContain('(3 of the 4 corners are finite)');
  });
});
