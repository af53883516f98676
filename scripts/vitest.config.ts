import { defineConfig } from 'vitest/config';

// Each file starts its own stack; running them one at a time keeps a 2-core machine responsive. The
// global setup imports the F1 data once and every stack starts from a copy.
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
});
