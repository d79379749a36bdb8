/**
 * The works the article cites, once: the in-text citations (<Cite>) and the references list read them from here, so a
 * citation always has its entry and every entry links to the work itself (arXiv, DOI or the proceedings page).
 */
export interface Reference {
  /** How the text names it: "Keskar et al." */
  short: string;
  year: number;
  /** The full entry as a reader cites it. */
  text: string;
  /** Where the work is: its DOI, arXiv or proceedings page. */
  url: string;
}

export const REFERENCES = {
  li2018: {
    short: 'Li et al.',
    year: 2018,
    text: 'Hao Li, Zheng Xu, Gavin Taylor, Christoph Studer, Tom Goldstein. Visualizing the Loss Landscape of Neural Nets. Advances in Neural Information Processing Systems 31 (NeurIPS 2018), pp. 6389–6399. arXiv:1712.09913.',
    url: 'https://arxiv.org/abs/1712.09913',
  },
  hochreiter1997: {
    short: 'Hochreiter & Schmidhuber',
    year: 1997,
    text: 'Sepp Hochreiter, Jürgen Schmidhuber. Flat Minima. Neural Computation 9(1), pp. 1–42, 1997.',
    url: 'https://doi.org/10.1162/neco.1997.9.1.1',
  },
  keskar2017: {
    short: 'Keskar et al.',
    year: 2017,
    text: 'Nitish Shirish Keskar, Dheevatsa Mudigere, Jorge Nocedal, Mikhail Smelyanskiy, Ping Tak Peter Tang. On Large-Batch Training for Deep Learning: Generalization Gap and Sharp Minima. ICLR 2017. arXiv:1609.04836.',
    url: 'https://arxiv.org/abs/1609.04836',
  },
  dinh2017: {
    short: 'Dinh et al.',
    year: 2017,
    text: 'Laurent Dinh, Razvan Pascanu, Samy Bengio, Yoshua Bengio. Sharp Minima Can Generalize For Deep Nets. ICML 2017, PMLR 70, pp. 1019–1028. arXiv:1703.04933.',
    url: 'https://arxiv.org/abs/1703.04933',
  },
  goodfellow2015: {
    short: 'Goodfellow et al.',
    year: 2015,
    text: 'Ian J. Goodfellow, Oriol Vinyals, Andrew M. Saxe. Qualitatively Characterizing Neural Network Optimization Problems. ICLR 2015. arXiv:1412.6544.',
    url: 'https://arxiv.org/abs/1412.6544',
  },
  he2016: {
    short: 'He et al.',
    year: 2016,
    text: 'Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun. Deep Residual Learning for Image Recognition. CVPR 2016, pp. 770–778. arXiv:1512.03385.',
    url: 'https://arxiv.org/abs/1512.03385',
  },
  xiao2017: {
    short: 'Xiao et al.',
    year: 2017,
    text: 'Han Xiao, Kashif Rasul, Roland Vollgraf. Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine Learning Algorithms. arXiv:1708.07747, 2017.',
    url: 'https://arxiv.org/abs/1708.07747',
  },
} satisfies Record<string, Reference>;

export type ReferenceKey = keyof typeof REFERENCES;

/** The in-text form, "Keskar et al. (2017)" or, with `parenthetical`, "Keskar et al., 2017". */
export function citeText(key: ReferenceKey, parenthetical = false): string {
  const r = REFERENCES[key];
  return parenthetical ? `${r.short}, ${r.year}` : `${r.short} (${r.year})`;
}

/** The anchor of an entry in the references list. */
export const refId = (key: ReferenceKey) => `ref-${key}`;
