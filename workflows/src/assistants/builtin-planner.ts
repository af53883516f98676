import type { Clarification, Intent, Plan, Query } from '@pitwall/db/contracts';
import type { RaceRow } from '@pitwall/db/queries/warehouse';
import type { Catalog } from '../entities/catalog.ts';
import { planOf } from '../query/answer.ts';
import { distinctOptions } from '../query/label.ts';
import { parseQuestion } from '../query/parse.ts';
import { EXAMPLES } from '../query/parse-scope.ts';

export type PlanOutcome = { kind: 'plan'; plan: Plan } | { kind: 'clarify'; clarification: Clarification };

export type PlannerContext = {
  /** The newest season and round with results: "last race", "this season" and a question without a year. */
  latest: { season: number; round: number };
  catalog: Catalog;
  /** A season's calendar straight from the warehouse. */
  racesOf: (season: number) => Promise<RaceRow[]>;
  /**
   * What the caller picked besides the question (`data` of POST /api/analyze): it fills what the question
   * leaves out and never overrides what it says.
   */
  defaults?: PlanDefaults;
  /**
   * The query of the analysis this question follows up: what the question does not name is kept from it
   * ("and in 2023?", "what about Norris?").
   */
  context?: Query;
};
export type PlanDefaults = { season?: number; round?: number; intent?: Intent };

/**
 * The planner that needs no language model: the builtin parser turns the question into a query of the
 * query language, and the plan carries it. A question it cannot read as asked is asked back with
 * questions it can answer; one about the future, another sport or what the data lacks is declined, with
 * the reason, as a question back whose options can be run.
 */
export async function builtinPlan(question: string, ctx: PlannerContext): Promise<PlanOutcome> {
  const understood = parseQuestion(question, {
    catalog: ctx.catalog,
    latest: ctx.latest,
    ...(ctx.defaults ? { defaults: ctx.defaults } : {}),
    ...(ctx.context ? { context: ctx.context } : {}),
  });
  if (understood.kind === 'decline') {
    return {
      kind: 'clarify',
      clarification: { question: understood.reason, options: distinctOptions(EXAMPLES, 12, ctx.catalog) },
    };
  }
  if (understood.kind === 'clarify') return understood;
  return { kind: 'plan', plan: planOf(understood.query, ctx.latest.season, question, ctx.catalog) };
}
