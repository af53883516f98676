import { isRaceIntent, type Plan } from '@pitwall/db/contracts';
import { normalize } from '@pitwall/db/text';
import type { Catalog } from '../entities/catalog.ts';
import { resolveDriver, resolveEvent, resolveTeam } from '../entities/resolve.ts';
import type { PlannerContext, PlanOutcome } from './builtin-planner.ts';

/** The planner context, with the entity catalog when the caller has one loaded. */
type Context = PlannerContext & { catalog?: Catalog };
type Step<T> = { ok: T } | { ask: PlanOutcome };

const ask = (question: string, options: string[]): { ask: PlanOutcome } => ({
  ask: { kind: 'clarify', clarification: { question, options: options.slice(0, 30) } },
});

function driverRef(catalog: Catalog, name: string, season: number): Step<string> {
  if ([...catalog.drivers.values()].some((d) => d.ref === name)) return { ok: name };
  const { candidates, ambiguous } = resolveDriver(catalog, name.replaceAll('_', ' '), { season });
  const [best] = candidates;
  if (!best) return ask(`I found no driver called "${name}". Who do you mean?`, []);
  if (ambiguous)
    return ask(
      `Which driver do you mean by "${name}"?`,
      candidates.slice(0, 5).map((c) => c.name),
    );
  return { ok: best.ref };
}

function teamRef(catalog: Catalog, name: string, season: number): Step<string> {
  if ([...catalog.constructors.values()].some((c) => c.ref === name)) return { ok: name };
  const { candidates, ambiguous } = resolveTeam(catalog, name.replaceAll('_', ' '), { season });
  const ref = candidates[0]?.constructors[0]?.ref;
  if (!ref) return ask(`I found no team called "${name}". Which team do you mean?`, []);
  if (ambiguous)
    return ask(
      `Which team do you mean by "${name}"?`,
      candidates.slice(0, 5).map((c) => c.name),
    );
  return { ok: ref };
}

/** The round a model's race name stands for, through the catalog when there is one. */
async function roundOf(ctx: Context, plan: Plan): Promise<number | undefined> {
  if (!plan.raceName) return undefined;
  if (ctx.catalog) {
    const { candidates, ambiguous } = resolveEvent(ctx.catalog, plan.raceName, { season: plan.season });
    const race = candidates[0]?.races.find((r) => r.season === plan.season);
    return race && !ambiguous ? race.round : undefined;
  }
  const wanted = normalize(plan.raceName);
  const races = (await ctx.racesOf(plan.season)).filter((r) => normalize(r.name) === wanted);
  return races.length === 1 ? races[0]?.round : undefined;
}

/**
 * Checks a model's plan against our data: driver and team names become refs (a model may write "Max
 * Verstappen" or "max_verstappen"), the race must exist that season, and its name is ours. Anything that
 * does not resolve becomes a question back rather than a guess.
 */
export async function resolvePlanNames(outcome: PlanOutcome, ctx: Context): Promise<PlanOutcome> {
  if (outcome.kind !== 'plan') return outcome;
  const plan = { ...outcome.plan };
  if (ctx.catalog) {
    const drivers: string[] = [];
    for (const name of plan.drivers) {
      const step = driverRef(ctx.catalog, name, plan.season);
      if ('ask' in step) return step.ask;
      if (!drivers.includes(step.ok)) drivers.push(step.ok);
    }
    const teams: string[] = [];
    for (const name of plan.teams) {
      const step = teamRef(ctx.catalog, name, plan.season);
      if ('ask' in step) return step.ask;
      if (!teams.includes(step.ok)) teams.push(step.ok);
    }
    Object.assign(plan, { drivers, teams });
  }
  if (!isRaceIntent(plan.intent) || plan.seasonWide) return { kind: 'plan', plan };
  plan.round ??= await roundOf(ctx, plan);
  // The race the caller picked, when the question named none of this season's.
  if (plan.round === undefined && (ctx.defaults?.season ?? plan.season) === plan.season) {
    plan.round = ctx.defaults?.round;
  }
  const races = await ctx.racesOf(plan.season);
  if (races.length === 0)
    return ask(`There is no ${plan.season} season in the data. Which season do you mean?`, []).ask;
  const race = races.find((r) => r.round === plan.round);
  if (!race) {
    const which = plan.round
      ? `There is no round ${plan.round} in ${plan.season}.`
      : `Which ${plan.season} race do you mean?`;
    return ask(
      which,
      races.map((r) => `${plan.season} ${r.name}`),
    ).ask;
  }
  return { kind: 'plan', plan: { ...plan, raceName: race.name } };
}
