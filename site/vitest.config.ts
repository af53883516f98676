import { defineConfig } from 'vitest/config';

// Unit tests cover pure modules only, so they run without the SvelteKit plugin.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
