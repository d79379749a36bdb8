// Content collections (Astro's content layer): the article is the one entry of the `article` collection, loaded from
// src/content/article.mdx by the glob loader and rendered by src/pages/index.astro with getEntry() + render().
// It has no frontmatter, so no schema: its data comes from precomputed/ through the components it imports.
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';

const article = defineCollection({
  loader: glob({ pattern: 'article.mdx', base: './src/content' }),
});

export const collections = { article };
