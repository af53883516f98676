/**
 * First-load JavaScript per site route, gzipped, against a budget. A route's first load is what the
 * browser must fetch before the page works: the client entry (start + app and their imports) plus, for
 * each layout and the page itself, the node's module and every chunk it imports statically. Chunks behind
 * a dynamic import() (lazy charts, the calendar) are not counted: they load after the page is up.
 *
 * Reads the SvelteKit build: `.svelte-kit/output/server/manifest.js` for routes → nodes,
 * `.svelte-kit/output/server/nodes/<n>.js` for each node's client imports, and sizes files in `build/`.
 * Usage: tsx src/js-size.ts [--budget-kb 200] [--site ../site]. Exits 1 when a route is over budget.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT } from './services.ts';

type RouteEntry = { id: string; page: { layouts: (number | undefined)[]; leaf: number } | null };
type Manifest = { client: { imports: string[] }; routes: RouteEntry[] };

const { values } = parseArgs({
  options: {
    'budget-kb': { type: 'string', default: '200' },
    site: { type: 'string', default: join(REPO_ROOT, 'site') },
  },
});
const budget = Number(values['budget-kb']) * 1024;
const site = resolve(values.site);
const server = join(site, '.svelte-kit/output/server');
const build = join(site, 'build');
if (!existsSync(join(server, 'manifest.js')) || !existsSync(build)) {
  console.error('No site build found: run `pnpm --filter @pitwall/site build` first.');
  process.exit(2);
}

const gzipped = new Map<string, number>();
function size(file: string): number {
  let bytes = gzipped.get(file);
  if (bytes === undefined) {
    bytes = gzipSync(readFileSync(join(build, file)), { level: 9 }).length;
    gzipped.set(file, bytes);
  }
  return bytes;
}

async function nodeImports(index: number): Promise<string[]> {
  const node = (await import(pathToFileURL(join(server, 'nodes', `${index}.js`)).href)) as {
    imports?: string[];
  };
  return node.imports ?? [];
}

const { manifest } = (await import(pathToFileURL(join(server, 'manifest.js')).href)) as {
  manifest: Manifest;
};
const rows: { route: string; files: number; bytes: number }[] = [];
for (const route of manifest.routes) {
  if (!route.page) continue;
  const nodes = [...route.page.layouts.filter((n): n is number => n !== undefined), route.page.leaf];
  const files = new Set(manifest.client.imports.filter((f) => f.endsWith('.js')));
  for (const n of nodes) for (const file of await nodeImports(n)) if (file.endsWith('.js')) files.add(file);
  rows.push({ route: route.id, files: files.size, bytes: [...files].reduce((sum, f) => sum + size(f), 0) });
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const width = Math.max(5, ...rows.map((r) => r.route.length));
console.log(`${'route'.padEnd(width)}  files  gzip JS     budget ${kb(budget)}`);
for (const row of rows.sort((a, b) => b.bytes - a.bytes)) {
  const verdict = row.bytes > budget ? 'OVER' : 'ok';
  console.log(
    `${row.route.padEnd(width)}  ${String(row.files).padStart(5)}  ${kb(row.bytes).padStart(9)}  ${verdict}`,
  );
}
const over = rows.filter((r) => r.bytes > budget);
if (over.length > 0) {
  console.error(
    `${over.length} route(s) over the ${kb(budget)} first-load budget: ${over.map((r) => r.route).join(', ')}`,
  );
  process.exit(1);
}
