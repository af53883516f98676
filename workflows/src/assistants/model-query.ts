import { type Query, type QueryInput, QuerySchema, QueryScopeSchema } from '@pitwall/db/contracts';
import { z } from 'zod';
import { queryMetricIds } from '../query/catalog.ts';
import { InvalidModelOutput } from './model-errors.ts';

/**
 * The query language as a language model fills it: the same QuerySchema, except that drivers, teams,
 * races and circuits are written by name ("Max Verstappen", "Italian Grand Prix", "Monza") — a model does
 * not know our refs or rounds, so our entity resolver turns names into them (plan-names.ts) — and the
 * metric is an enum of the catalog's ids, so strict structured output cannot name another one.
 */
const race = QueryScopeSchema.shape.race.unwrap().shape;
const Name = z.string().min(1).max(100);

export const ModelQuerySchema = QuerySchema.extend({
  metric: z.enum(queryMetricIds() as [string, ...string[]]).describe('a metric or view id from the lists'),
  drivers: z.array(Name).max(10).describe('drivers as the question names them; empty for everyone'),
  teams: z.array(Name).max(10).describe('teams as the question names them; empty for everyone'),
  scope: QueryScopeSchema.extend({
    race: z
      .object({ season: race.season, round: race.round.optional(), name: Name.optional() })
      .optional()
      .describe('one race: its season, and the event as it is called or its round'),
    circuit: z.object({ name: Name }).optional().describe('a circuit or event across the years, by name'),
  }),
});
export type ModelQuery = z.infer<typeof ModelQuerySchema>;

/**
 * A query whose names were resolved, checked as any query is: QuerySchema, and a metric the catalog knows.
 * Throws InvalidModelOutput (non-retryable), so the planning step falls back to the builtin parser.
 */
export function checkedQuery(candidate: QueryInput): Query {
  const parsed = QuerySchema.safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new InvalidModelOutput(`the model's query is not valid: ${problems.join('; ')}`);
  }
  if (!queryMetricIds().includes(parsed.data.metric)) {
    throw new InvalidModelOutput(`the model's query names an unknown metric "${parsed.data.metric}"`);
  }
  return parsed.data;
}
