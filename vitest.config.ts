import { defineConfig } from 'vitest/config';

export default defineConfig({
  // tfjs-core registers gradients through ESM files with extensionless imports: let Vite transform them (see src/compute/tf.ts).
  resolve: { mainFields: ['module', 'main'] },
  test: {
    include: ['test/**/*.test.ts'],
    server: { deps: { inline: [/@tensorflow\//] } },
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores: the browser and build tests are heavy; run files in two workers at most.
    maxWorkers: 2,
  },
});
