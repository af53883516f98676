import { z } from 'zod';

/**
 * The query language: what a question asks, as data. The builtin parser and a language model both fill
 * this one schema, and one executor runs it, so a model never computes a number. A query names a metric
 * (an id of the workflows package's metric catalog), whom it is about, where and when, which session,
 * filters, and how observations are aggregated. What a question says that a query cannot hold is kept in
 * `notes`, never dropped.
 */

const Season = z.number().int().min(1950).max(2100);
const Round = z.number().int().min(1).max(30);
const Ref = z.string().min(1).max(60);

/**
 * The session a metric is read from; absent means the metric's own (points: race and sprint). Free
 * practice (`fp1`–`fp3`) and sprint qualifying (the sprint shootout) have classifications only.
 */
export const QuerySessionSchema = z.enum([
  'race',
  'sprint',
  'qualifying',
  'fp1',
  'fp2',
  'fp3',
  'sprint_qualifying',
]);
export type QuerySession = z.infer<typeof QuerySessionSchema>;

/**
 * How a metric's observations (one per subject and race, or per stop or lap) become an answer:
 * `total` sums them (wins, points), `average`/`median` over races, `best`/`worst` the best or worst single
 * one (fastest lap, quickest stop), `value` the observation of one race, `list` every subject it holds for
 * in one race (who won, who retired), `first`/`last` the first or last race where it held (first win).
 */
export const AggregateSchema = z.enum([
  'total',
  'average',
  'median',
  'best',
  'worst',
  'value',
  'list',
  'first',
  'last',
]);
export type Aggregate = z.infer<typeof AggregateSchema>;

export const QueryScopeSchema = z.object({
  /** Inclusive season range; absent means every season in the data (a career, an all-time record). */
  seasons: z.object({ from: Season, to: Season }).optional(),
  /** Rounds within the season(s): "after round 10" is `{ to: 10 }`, "second half" `{ from: 12 }`. */
  rounds: z.object({ from: Round.optional(), to: Round.optional() }).optional(),
  /** One race. */
  race: z.object({ season: Season, round: Round, name: z.string().max(100) }).optional(),
  /** A circuit across the years ("wins at Zandvoort"). */
  circuit: z.object({ ref: Ref, name: z.string().max(100) }).optional(),
});
export type QueryScope = z.infer<typeof QueryScopeSchema>;

export const QueryFiltersSchema = z.object({
  /** Finishing (or qualifying, or running) position range: P2 is `{ min: 2, max: 2 }`, "top 3" `{ max: 3 }`. */
  position: z
    .object({
      min: z.number().int().min(1).max(40).optional(),
      max: z.number().int().min(1).max(40).optional(),
    })
    .optional(),
  /** The running order at the end of this lap (lap metrics). */
  lap: z.number().int().min(1).max(100).optional(),
  /** Only subjects with no race win in the scope ("most points without a win"). */
  withoutWin: z.boolean().optional(),
  /** Only drivers who never won the drivers' title ("most wins without a title"). */
  neverChampion: z.boolean().optional(),
  /** Only races the subject started from pole. */
  fromPole: z.boolean().optional(),
  /** Only races the subject finished (classified), or only ones they did not. */
  finished: z.boolean().optional(),
});
export type QueryFilters = z.infer<typeof QueryFiltersSchema>;

export const QuerySchema = z.object({
  metric: z.string().min(1).max(40).describe('a metric id from the catalog'),
  /** Whom it is about: drivers or teams by ref; both empty means everyone (a ranking or a list). */
  drivers: z.array(Ref).max(10).default([]),
  teams: z.array(Ref).max(10).default([]),
  /** Rank drivers or teams when nobody is named ("which team won the most races"). */
  subject: z.enum(['driver', 'team']).default('driver'),
  session: QuerySessionSchema.optional(),
  scope: QueryScopeSchema.default({}),
  filters: QueryFiltersSchema.default({}),
  aggregate: AggregateSchema,
  /** The unit a ranking counts over: "most wins in a single season" ranks (driver, season) pairs. */
  per: z.enum(['season', 'race']).optional(),
  /**
   * The youngest or oldest subject (by age on race day) among the races where the metric held: "the
   * youngest winner", "the oldest driver to score points".
   */
  age: z.enum(['youngest', 'oldest']).optional(),
  /** A ranking: the most or fewest, top N. */
  rank: z.object({ order: z.enum(['most', 'fewest']), limit: z.number().int().min(1).max(30) }).optional(),
  /** What the question said that the query answers differently or not at all; the answer says so first. */
  notes: z.array(z.string().max(200)).max(10).default([]),
});
export type Query = z.infer<typeof QuerySchema>;
export type QueryInput = z.input<typeof QuerySchema>;
