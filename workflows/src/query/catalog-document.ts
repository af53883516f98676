import type { QueryCatalog } from '@pitwall/db/contracts';
import { METRICS } from './catalog.ts';
import type { View } from './metric.ts';
import { VIEWS } from './views.ts';

/**
 * The metric catalog and the views as the Worker publishes them to clients (`GET /api/catalog`): ids,
 * labels and what a client needs to offer them, read from the registry itself.
 */
export function queryCatalog(): QueryCatalog {
  return {
    items: [
      ...Object.values(METRICS).map((m) => ({
        id: m.id,
        label: m.label,
        kind: 'metric' as const,
        aggregate: m.defaultAggregate,
        ...(m.since ? { since: m.since } : {}),
      })),
      ...(VIEWS as readonly View[]).map((v) => ({
        id: v.id,
        label: v.label,
        kind: 'view' as const,
        race: v.race,
        ...(v.since ? { since: v.since } : {}),
      })),
    ],
  };
}
