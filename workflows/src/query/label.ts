import type { ClarificationOption, Query } from '@pitwall/db/contracts';
import type { Catalog } from '../entities/catalog.ts';
import { metricOf, viewOf } from './catalog.ts';
import { describeQuery } from './phrase.ts';

const NAMES = new WeakMap<Catalog, Map<string, string>>();
/** Drivers' and teams' full names by ref ("hill" is Graham Hill, "damon_hill" Damon Hill). */
function namesOf(catalog: Catalog): Map<string, string> {
  let names = NAMES.get(catalog);
  if (!names) {
    names = new Map([
      ...[...catalog.constructors.values()].map((c) => [c.ref, c.name] as const),
      ...[...catalog.drivers.values()].map((d) => [d.ref, d.name] as const),
    ]);
    NAMES.set(catalog, names);
  }
  return names;
}

/**
 * A query in words under its metric's or view's own label ("Total wins of Max Verstappen in 2023"), with
 * full names when the catalog is at hand.
 */
export function queryLabel(query: Query, catalog?: Catalog): string {
  const view = viewOf(query.metric);
  const metric = view ? undefined : metricOf(query.metric);
  const label = view?.label ?? metric?.label ?? query.metric;
  const names = catalog && namesOf(catalog);
  const nameOf = names ? (ref: string) => names.get(ref) ?? ref : undefined;
  return describeQuery(query, label, nameOf, metric?.event);
}

/** A clarification option: the query that runs when it is picked, and the query in words for its button. */
export const optionOf = (query: Query, catalog?: Catalog): ClarificationOption => ({
  label: queryLabel(query, catalog).slice(0, 300),
  query,
});

/** Options without duplicates (the same query read two ways), at most `limit`. */
export function distinctOptions(queries: Query[], limit = 12, catalog?: Catalog): ClarificationOption[] {
  const seen = new Set<string>();
  const out: ClarificationOption[] = [];
  for (const query of queries) {
    const key = JSON.stringify({ ...query, notes: [] });
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(optionOf(query, catalog));
    if (out.length === limit) break;
  }
  return out;
}
