import { defineConfig } from 'drizzle-kit';

// The F1 warehouse lives in libSQL next to the Node worker.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/schema/warehouse.ts',
  out: './migrations/warehouse',
});
