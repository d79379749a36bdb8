/** Citations: the article's, each figure's (plain text and BibTeX, with the figure's URL), and the original paper's. */
export const ARTICLE = {
  title: 'Visualizing the Loss Landscape of Neural Nets — a reproducible, interactive report',
  author: 'The landscape contributors',
  bibAuthor: '{The landscape contributors}',
};

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

const bibEscape = (s: string) => s.replace(/([{}%&$#_])/g, '\\$1');

export function articleCitation(url: string, year: number): { text: string; bibtex: string } {
  return {
    text: `${ARTICLE.author} (${year}). ${ARTICLE.title}. ${url}`,
    bibtex: `@misc{landscape${year},
  title        = {${bibEscape(ARTICLE.title)}},
  author       = ${ARTICLE.bibAuthor},
  year         = {${year}},
  howpublished = {\\url{${url}}},
  note         = {Reproduces Li et al. (2018), Visualizing the Loss Landscape of Neural Nets}
}`,
  };
}

export interface FigureCiteInput {
  number: number;
  title: string;
  /** Absolute URL of the figure (article URL + #fig-n). */
  url: string;
  year: number;
  /** "mlp-surface (config 5019a97306db)" per experiment. */
  data: string[];
}

export function figureCitation({ number, title, url, year, data }: FigureCiteInput): { text: string; bibtex: string } {
  const dataNote = data.length ? ` Data: ${data.join('; ')}.` : '';
  return {
    text: `${ARTICLE.author} (${year}). Figure ${number}: ${title}. In: ${ARTICLE.title}. ${url}.${dataNote}`,
    bibtex: `@misc{landscape${year}fig${number},
  title        = {Figure ${number}: ${bibEscape(title)}},
  author       = ${ARTICLE.bibAuthor},
  year         = {${year}},
  howpublished = {\\url{${url}}},
  note         = {In: ${bibEscape(ARTICLE.title)}.${bibEscape(dataNote)}}
}`,
  };
}

/** The article's URL from Astro's site and base (absolute, with trailing slash). */
export function articleUrl(site: URL | undefined, base: string): string {
  return new URL(base.endsWith('/') ? base : `${base}/`, site ?? 'https://example.org').href;
}
