// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

// A static site: the article is rendered at build time from precomputed/ (see src/site/precomputed.ts).
export default defineConfig({
  site: process.env.SITE_URL ?? 'https://example.org',
  base: process.env.BASE_PATH ?? '/',
  integrations: [mdx()],
  outDir: process.env.ASTRO_OUT_DIR ?? './dist',
  devToolbar: { enabled: false },
  build: { inlineStylesheets: 'auto' },
});
