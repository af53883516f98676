import { z } from 'zod';
import { AggregateSchema } from './query.ts';

/**
 * What a query may name as its metric: the compute plane's metric catalog and its views, as it publishes
 * them (`PUT /api/internal/catalog`) and as `GET /api/catalog` serves them, so that a client can offer the
 * choices without a list of its own. `race` marks a view read over one race; `since` is the first season
 * the data answers it for; `aggregate` is a metric's own aggregation (a count's total, a time's best).
 */
export const CatalogEntrySchema = z.object({
  id: z.string().min(1).max(40),
  label: z.string().min(1).max(80),
  kind: z.enum(['metric', 'view']),
  race: z.boolean().optional(),
  since: z.number().int().min(1950).max(2100).optional(),
  aggregate: AggregateSchema.optional(),
});
export type CatalogEntry = z.infer<typeof CatalogEntrySchema>;

export const QueryCatalogSchema = z.object({ items: z.array(CatalogEntrySchema).max(200) });
export type QueryCatalog = z.infer<typeof QueryCatalogSchema>;
