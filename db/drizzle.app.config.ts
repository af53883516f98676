import { defineConfig } from 'drizzle-kit';

// App metadata lives in D1; wrangler applies these migrations (see wrangler.toml migrations_dir).
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/schema/app.ts',
  out: './migrations/app',
});
