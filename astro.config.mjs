// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { SITE, configWarnings } from './src/site/config.mjs';

// The site URL and base come from the article's one config (src/site/config.mjs; SITE_URL / BASE_PATH override it),
// the same values every citation and meta tag uses. A placeholder is built, but said out loud.
for (const w of configWarnings(SITE)) console.warn(`[landscape] warning: ${w}`);

// A static site: the article is rendered at build time from precomputed/ (see src/site/precomputed.ts).
// Math ($…$, $$…$$) is typeset at build time by KaTeX: HTML + self-hosted CSS/fonts, no client script, no CDN.
// Astro 7's default Markdown processor (Sätteri) runs no remark/rehype plugins: the unified (remark/rehype) processor
// is chosen explicitly, and MDX inherits it with its plugins.
export default defineConfig({
  site: SITE.siteUrl,
  base: SITE.base,
  integrations: [mdx()],
  markdown: {
    processor: unified({ remarkPlugins: [remarkMath], rehypePlugins: [[rehypeKatex, { output: 'htmlAndMathml' }]] }),
  },
  outDir: process.env.ASTRO_OUT_DIR ?? './dist',
  devToolbar: { enabled: false },
  // Astro 7's default ('jsx') drops whitespace that holds a line break between text and an {expression}
  // ("trained on\n{n}" became "trained on60,000"); true keeps Astro 5's rule: such whitespace collapses to one.
  compressHTML: true,
  build: { inlineStylesheets: 'auto' },
  // three.js (the 3D view) is one lazily loaded chunk of ~540 kB; it is never part of the first view.
  vite: {
    build: {
      // The browsers of Vite 6's default ('modules'), which the site was built for under Astro 5. Vite 8's default
      // ('baseline-widely-available': Chrome 111, Firefox 114, Safari 16.4) would emit CSS that Safari < 16.4 ignores.
      target: ['chrome87', 'edge88', 'firefox78', 'safari14'],
      chunkSizeWarningLimit: 600,
      // Astro inlines hoisted <script> bundles under this limit; inline scripts break a `script-src 'self'` CSP,
      // so JS is always an external file. Other assets keep Vite's default (undefined = 4 kB rule).
      assetsInlineLimit: (file) => (/\.m?js$/.test(file) ? false : undefined),
    },
  },
});
