import adapter from '@sveltejs/adapter-static';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    sveltekit({
      // The Worker serves `build/` as static assets and answers unknown paths with the SPA shell.
      adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html' }),
    }),
  ],
  server: {
    proxy: {
      '/api': { target: process.env.PITWALL_API_URL ?? 'http://127.0.0.1:8787', changeOrigin: true },
    },
  },
});
