import type { Plan, Query } from '@pitwall/db/contracts';
import { sql } from 'drizzle-orm';
import { runAnalysis } from '../activities/run-analysis.ts';
import { builtinNarrative } from '../assistants/builtin-narrator.ts';
import { compoundsIn } from '../assistants/intents.ts';
import type { Catalog } from '../entities/catalog.ts';
import type { Warehouse } from '../warehouse.ts';
import { metricOf, viewOf } from './catalog.ts';
import { executeQuery, type QueryAnswer } from './execute.ts';
import { queryLabel } from './label.ts';
import { joinNames, UNUSED } from './phrase.ts';
import { viewOpening } from './view-openings.ts';

/**
 * The plan the workflow carries for a query: its view's intent, or `metric`, with the query itself and
 * the query in words.
 */
export function planOf(query: Query, latestSeason: number, question = '', catalog?: Catalog): Plan {
  const view = viewOf(query.metric);
  const { race, seasons } = query.scope;
  return {
    intent: view ? view.view : 'metric',
    season: race?.season ?? seasons?.to ?? latestSeason,
    // A view run on a sprint names it wherever the race is named: "the 2024 Austrian Grand Prix Sprint".
    ...(race
      ? {
          round: race.round,
          raceName: query.session === 'sprint' && view ? `${race.name} Sprint` : race.name,
        }
      : {}),
    ...(seasons && seasons.from !== seasons.to && view ? { seasons: range(seasons.from, seasons.to) } : {}),
    ...(view && isViewSession(query.session) ? { session: query.session } : {}),
    // A race view over a whole season fans out per race and aggregates.
    ...(view?.race && !race ? { seasonWide: true } : {}),
    drivers: query.drivers,
    teams: query.teams,
    compounds: view ? compoundsIn(question.toLowerCase()) : [],
    query,
    // In words, with full names when the catalog is at hand ("Graham Hill", not "Hill").
    understood: queryLabel(query, catalog),
  };
}

/** The sessions a view can run on (practice and sprint qualifying have no laps; the parser keeps them out). */
const isViewSession = (session: Query['session']): session is 'race' | 'sprint' | 'qualifying' =>
  session === 'race' || session === 'sprint' || session === 'qualifying';

const range = (from: number, to: number) =>
  Array.from({ length: Math.min(to - from + 1, 30) }, (_, i) => from + i);

/**
 * Answers a query: a metric through the executor, a view through its analysis (charts included). The
 * headline is the answer's first sentences: for views, one built from the analysis's facts with full
 * names, then the analysis's own narrative.
 */
export async function answerQuery(db: Warehouse, plan: Plan): Promise<QueryAnswer> {
  const { query } = plan;
  if (query && plan.intent === 'metric') {
    const answer = await executeQuery(db, query);
    // One Grand Prix's result question shows the whole classification, with its grid-to-flag chart.
    const race = query.scope.race;
    if (!race || !metricOf(query.metric)?.classification || (query.session ?? 'race') !== 'race')
      return answer;
    const classification = await runAnalysis(db, {
      ...plan,
      intent: 'race_winner',
      round: race.round,
      raceName: race.name,
    }).catch(() => undefined);
    if (!classification) return answer;
    const seen = new Set(answer.sources.map((s) => s.name));
    return {
      ...answer,
      facts: [...answer.facts, ...classification.facts],
      tables: [...classification.tables, ...answer.tables],
      charts: [...answer.charts, ...classification.charts],
      sources: [...answer.sources, ...classification.sources.filter((s) => !seen.has(s.name))],
      quality: [...answer.quality, ...classification.quality],
    };
  }
  const output = await runAnalysis(db, plan);
  const said = query?.notes.filter((n) => !n.startsWith(UNUSED)) ?? [];
  const notes = said.length ? `Note: ${said.join('; ')}. ` : '';
  const names = await driverNames(db, plan.drivers);
  const who = plan.drivers.flatMap((ref) => names.get(ref) ?? []);
  const where = plan.raceName
    ? `at the ${plan.season} ${plan.raceName}`
    : plan.intent === 'career' || plan.intent === 'driver_comparison'
      ? ''
      : `in ${plan.season}`;
  const byCode = plan.round !== undefined ? await raceCodes(db, plan.season, plan.round) : new Map();
  const label = viewOf(plan.query?.metric ?? '')?.label ?? plan.intent.replaceAll('_', ' ');
  // An analysis that phrases its own answer from its facts (neutralisations, retirements) opens with it.
  const opening =
    output.headline ??
    viewOpening(plan, output.facts, who, where, byCode) ??
    `${label[0]?.toUpperCase()}${label.slice(1)}${who.length ? ` of ${joinNames(who.map((d) => d.name))}` : ''}${where ? ` ${where}` : ''}:`;
  return { ...output, headline: `${notes}${opening}\n${builtinNarrative(plan, output.facts)}` };
}

/** Code → full name of everyone classified in one race: the analyses' facts name drivers by code. */
async function raceCodes(db: Warehouse, season: number, round: number): Promise<Map<string, string>> {
  const rows = await db.all<{ code: string; name: string }>(sql`
    select d.code as code, d.forename || ' ' || d.surname as name from results r
      join races ra on ra.id = r.race_id join drivers d on d.id = r.driver_id
    where ra.season = ${season} and ra.round = ${round} and r.session = 'race' and d.code is not null
    order by r.position_order`);
  return new Map(rows.map((r) => [r.code, r.name]));
}

async function driverNames(
  db: Warehouse,
  refs: string[],
): Promise<Map<string, { name: string; code: string }>> {
  if (refs.length === 0) return new Map();
  const rows = await db.all<{ ref: string; name: string; code: string | null }>(sql`
    select ref, forename || ' ' || surname as name, code from drivers where ref in (${sql.join(
      refs.map((r) => sql`${r}`),
      sql`, `,
    )})`);
  return new Map(rows.map((r) => [r.ref, { name: r.name, code: r.code ?? '' }]));
}
