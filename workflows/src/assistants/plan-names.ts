import type { Query, QueryInput, QueryScope } from '@pitwall/db/contracts';
import type { Catalog, RaceEntry } from '../entities/catalog.ts';
import { AMBIGUITY_GAP, resolveDriver, resolveEvent, resolveTeam } from '../entities/resolve.ts';
import { planOf } from '../query/answer.ts';
import { distinctOptions } from '../query/label.ts';
import type { PlannerContext, PlanOutcome } from './builtin-planner.ts';
import { checkedQuery, type ModelQuery } from './model-query.ts';
import { parsePlannerOutput } from './plan-output.ts';

/** A name resolved, or a question back with the readings it could have (each resolves without asking). */
type Step<T> = { ok: T } | { ask: string; choices: T[] };
type Race = NonNullable<QueryScope['race']>;
/** A whole query resolved, or a question back whose options are resolved queries. */
type Resolved = { ok: QueryInput } | { ask: PlanOutcome };

const ask = <T>(question: string, choices: T[]): { ask: string; choices: T[] } => ({
  ask: question,
  choices: choices.slice(0, 30),
});

function driverRef(catalog: Catalog, name: string, season: number | undefined): Step<string> {
  if ([...catalog.drivers.values()].some((d) => d.ref === name)) return { ok: name };
  const { candidates, ambiguous } = resolveDriver(catalog, name.replaceAll('_', ' '), { season });
  const [best] = candidates;
  if (!best) return ask(`I found no driver called "${name}". Who do you mean?`, []);
  if (ambiguous)
    return ask(
      `Which driver do you mean by "${name}"?`,
      candidates.slice(0, 5).map((c) => c.ref),
    );
  return { ok: best.ref };
}

/** A team's constructor ref: the one that raced in the season asked about (or the latest), as the parser does. */
function teamRef(catalog: Catalog, name: string, season: number | undefined, latest: number): Step<string> {
  if ([...catalog.constructors.values()].some((c) => c.ref === name)) return { ok: name };
  const { candidates, ambiguous } = resolveTeam(catalog, name.replaceAll('_', ' '), { season });
  const [best] = candidates;
  if (!best?.constructors[0]) return ask(`I found no team called "${name}". Which team do you mean?`, []);
  if (ambiguous)
    return ask(
      `Which team do you mean by "${name}"?`,
      candidates.flatMap((c) => c.constructors[0]?.ref ?? []).slice(0, 5),
    );
  const raced = (ref: string) =>
    [...catalog.constructors.values()].some((k) => k.ref === ref && k.seasons.has(season ?? latest));
  return { ok: (best.constructors.find((c) => raced(c.ref)) ?? best.constructors[0]).ref };
}

/** The race a model named (by event name, else by round) in its season; our name for it. */
function raceOf(catalog: Catalog, race: NonNullable<ModelQuery['scope']['race']>): Step<Race> {
  const { season, round, name } = race;
  const those = catalog.races.filter((r) => r.season === season).sort((a, b) => a.round - b.round);
  if (those.length === 0)
    return ask(`There is no ${season} season in the data. Which season do you mean?`, []);
  let found = those.filter((r) => r.round === round);
  if (name) {
    const { candidates } = resolveEvent(catalog, name, { season });
    const top = candidates[0]?.score ?? 0;
    const fits = candidates.filter((c) => c.score >= top - AMBIGUITY_GAP).flatMap((c) => c.races);
    const inSeason = those.filter((r) => fits.some((f) => f.id === r.id));
    // The name decides; a round only picks among races the name fits (a model may misremember rounds).
    const byRound = inSeason.filter((r) => r.round === round);
    found = inSeason.length > 1 && byRound.length === 1 ? byRound : inSeason;
  }
  const [picked] = found;
  if (picked && found.length === 1) return { ok: { season, round: picked.round, name: picked.name } };
  const options = (found.length > 1 ? found : those).map((r) => ({ season, round: r.round, name: r.name }));
  if (found.length > 1) return ask(`Several ${season} races fit "${name}". Which one?`, options);
  if (name) return ask(`I found no ${season} race called "${name}". Which race do you mean?`, options);
  return ask(
    round ? `There is no round ${round} in ${season}.` : `Which ${season} race do you mean?`,
    options,
  );
}

/** A circuit named directly or through its event: where that event is held now, and a note if it moved. */
type Circuit = { ref: string; name: string; note?: string };
function circuitOf(catalog: Catalog, name: string): Step<Circuit> {
  const { candidates } = resolveEvent(catalog, name);
  const top = candidates[0]?.score ?? 0;
  const latest = (races: RaceEntry[]) => [...races].sort((a, b) => b.date.localeCompare(a.date))[0];
  const contenders = candidates.filter((c) => c.score >= top - AMBIGUITY_GAP);
  const circuits = new Map(contenders.flatMap((c) => latest(c.races)?.circuit ?? []).map((k) => [k.ref, k]));
  const [circuit] = circuits.values();
  if (!circuit) return ask(`I found no circuit or race called "${name}". Which one do you mean?`, []);
  if (circuits.size > 1)
    return ask(
      `Which circuit do you mean by "${name}"?`,
      [...circuits.values()].map((k) => ({ ref: k.ref, name: k.name })),
    );
  const elsewhere = contenders.some((c) => c.races.some((r) => r.circuit.ref !== circuit.ref));
  const note = elsewhere
    ? `counted at ${circuit.name}, where the ${latest(contenders[0]?.races ?? [])?.name} is held now`
    : undefined;
  return { ok: { ref: circuit.ref, name: circuit.name, ...(note ? { note } : {}) } };
}

/** Readings fixed while the options of a question back are resolved: the choice each option stands for. */
type Fixed = {
  race?: Race;
  circuit?: Circuit;
  drivers?: Record<string, string>;
  teams?: Record<string, string>;
};

/**
 * Turns a model's query into ours: driver and team names become refs (a model may write "Max Verstappen"
 * or "max_verstappen"), a race becomes one of that season's rounds under our name, a circuit its ref, and
 * what the caller picked fills a scope the question left open, as the builtin parser does. A name that
 * does not resolve becomes a question back rather than a guess, whose options are the query resolved with
 * each reading of the name.
 */
export function resolveQueryNames(q: ModelQuery, ctx: PlannerContext, fixed: Fixed = {}): Resolved {
  const { catalog, defaults } = ctx;
  const notes = [...q.notes];
  const choose = <T>(step: { ask: string; choices: T[] }, fix: (choice: T) => Fixed): Resolved => {
    const queries = step.choices.flatMap((choice): Query[] => {
      const resolved = resolveQueryNames(q, ctx, { ...fixed, ...fix(choice) });
      if ('ask' in resolved)
        return resolved.ask.kind === 'clarify' ? resolved.ask.clarification.options.map((o) => o.query) : [];
      try {
        return [checkedQuery(resolved.ok)];
      } catch {
        return [];
      }
    });
    return {
      ask: {
        kind: 'clarify',
        clarification: { question: step.ask, options: distinctOptions(queries, 30, catalog) },
      },
    };
  };
  const scope: QueryScope = { ...q.scope, race: undefined, circuit: undefined };
  if (fixed.race) scope.race = fixed.race;
  else if (q.scope.race) {
    const step = raceOf(catalog, q.scope.race);
    if ('ask' in step) return choose(step, (race) => ({ race }));
    scope.race = step.ok;
  }
  if (q.scope.circuit) {
    const step: Step<Circuit> = fixed.circuit
      ? { ok: fixed.circuit }
      : circuitOf(catalog, q.scope.circuit.name);
    if ('ask' in step) return choose(step, (circuit) => ({ circuit }));
    const { note, ...circuit } = step.ok;
    scope.circuit = circuit;
    if (note) notes.push(note);
  }
  // A circuit already says "across the years": the picked data fills only a scope left wholly open.
  if (!scope.race && !scope.seasons && !scope.circuit && defaults?.season) {
    const picked = catalog.races.find((r) => r.season === defaults.season && r.round === defaults.round);
    if (picked) scope.race = { season: picked.season, round: picked.round, name: picked.name };
    else scope.seasons = { from: defaults.season, to: defaults.season };
  }
  const { seasons, race } = scope;
  const season = race?.season ?? (seasons && seasons.from === seasons.to ? seasons.from : undefined);
  const drivers: string[] = [];
  for (const name of q.drivers) {
    const known = fixed.drivers?.[name];
    const step = known ? { ok: known } : driverRef(catalog, name, season);
    if ('ask' in step) return choose(step, (ref) => ({ drivers: { ...fixed.drivers, [name]: ref } }));
    if (!drivers.includes(step.ok)) drivers.push(step.ok);
  }
  const teams: string[] = [];
  for (const name of q.teams) {
    const known = fixed.teams?.[name];
    const step = known ? { ok: known } : teamRef(catalog, name, season ?? seasons?.to, ctx.latest.season);
    if ('ask' in step) return choose(step, (ref) => ({ teams: { ...fixed.teams, [name]: ref } }));
    if (!teams.includes(step.ok)) teams.push(step.ok);
  }
  const defined = Object.fromEntries(Object.entries(scope).filter(([, v]) => v !== undefined));
  return { ok: { ...q, drivers, teams, scope: defined, notes: notes.slice(0, 10) } };
}

/**
 * A model's planner answer as our outcome: its query with names resolved, checked like any query
 * (QuerySchema, a catalog metric) and carried by the same plan the builtin parser's query would be; or its
 * question back, each option's query resolved the same way (an option that does not resolve is dropped).
 * Throws InvalidModelOutput when the answer is unusable.
 */
export function planFromModel(text: string, question: string, ctx: PlannerContext): PlanOutcome {
  const answer = parsePlannerOutput(text);
  if (answer.kind === 'clarify') {
    const queries = answer.clarification.options.flatMap((option): Query[] => {
      const resolved = resolveQueryNames(option, ctx);
      if ('ask' in resolved) return [];
      try {
        return [checkedQuery(resolved.ok)];
      } catch {
        return [];
      }
    });
    return {
      kind: 'clarify',
      clarification: {
        question: answer.clarification.question,
        options: distinctOptions(queries, 12, ctx.catalog),
      },
    };
  }
  const step = resolveQueryNames(answer.query, ctx);
  if ('ask' in step) return step.ask;
  return { kind: 'plan', plan: planOf(checkedQuery(step.ok), ctx.latest.season, question, ctx.catalog) };
}
