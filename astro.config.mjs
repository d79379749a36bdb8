// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';

// A static site: the article is rendered at build time from precomputed/ (see src/site/precomputed.ts).
// Math ($…$, $$…$$) is typeset at build time by KaTeX: HTML + self-hosted CSS/fonts, no client script, no CDN.
export default defineConfig({
  site: process.env.SITE_URL ?? 'https://example.org',
  base: process.env.BASE_PATH ?? '/',
  integrations: [mdx()],
  markdown: { remarkPlugins: [remarkMath], rehypePlugins: [[rehypeKatex, { output: 'htmlAndMathml' }]] },
  outDir: process.env.ASTRO_OUT_DIR ?? './dist',
  devToolbar: { enabled: false },
  build: { inlineStylesheets: 'auto' },
  // three.js (the 3D view) is one lazily loaded chunk of ~540 kB; it is never part of the first view.
  vite: {
    build: {
      chunkSizeWarningLimit: 600,
      // Astro inlines hoisted <script> bundles under this limit; inline scripts break a `script-src 'self'` CSP,
      // so JS is always an external file. Other assets keep Vite's default (undefined = 4 kB rule).
      assetsInlineLimit: (file) => (/\.m?js$/.test(file) ? false : undefined),
    },
  },
});
