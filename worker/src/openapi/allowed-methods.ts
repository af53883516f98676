import { ROUTE_DOCS } from './document.ts';

type PathMethods = { pattern: RegExp; methods: string[] };

/** `/api/analyses/{id}` → a pattern matching one concrete path of that shape. */
const patternOf = (path: string) =>
  new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}/]+\}/g, '[^/]+')}$`);

let table: PathMethods[] | undefined;

function pathMethods(): PathMethods[] {
  if (table) return table;
  const byPath = new Map<string, Set<string>>();
  for (const route of ROUTE_DOCS) {
    const methods = byPath.get(route.path) ?? new Set<string>();
    methods.add(route.method.toUpperCase());
    // Hono answers HEAD with the GET handler.
    if (route.method === 'get') methods.add('HEAD');
    byPath.set(route.path, methods);
  }
  table = [...byPath].map(([path, methods]) => ({
    pattern: patternOf(path),
    methods: [...methods, 'OPTIONS'],
  }));
  return table;
}

/**
 * The methods a documented path serves (OPTIONS included; every template the path fits), or undefined
 * for a path the API does not document. The OpenAPI document is the list of routes, so a method it leaves
 * out of a known path is one that path does not serve.
 */
export function allowedMethods(path: string): string[] | undefined {
  const matching = pathMethods().filter((entry) => entry.pattern.test(path));
  return matching.length === 0 ? undefined : [...new Set(matching.flatMap((entry) => entry.methods))];
}
