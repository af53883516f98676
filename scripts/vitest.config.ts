import { defineConfig } from 'vitest/config';

// Each file starts its own stack; running them one at a time keeps a 2-core machine responsive.
export default defineConfig({
  test: { include: ['e2e/**/*.test.ts'], testTimeout: 90_000, hookTimeout: 240_000, fileParallelism: false },
});
