import type { Fact, Plan, Query } from '@pitwall/db/contracts';
import { sql } from 'drizzle-orm';
import { runAnalysis } from '../activities/run-analysis.ts';
import { builtinNarrative } from '../assistants/builtin-narrator.ts';
import { compoundsIn } from '../assistants/intents.ts';
import type { Warehouse } from '../warehouse.ts';
import { metricOf, viewOf } from './catalog.ts';
import { executeQuery, type QueryAnswer } from './execute.ts';
import { formatMs } from './metric.ts';
import { describeQuery, joinNames, UNUSED } from './phrase.ts';

/** The plan the workflow carries for a query: its view's intent, or `metric`, with the query itself. */
export function planOf(query: Query, latestSeason: number, question = ''): Plan {
  const view = viewOf(query.metric);
  const { race, seasons } = query.scope;
  return {
    intent: view ? view.view : 'metric',
    season: race?.season ?? seasons?.to ?? latestSeason,
    ...(race ? { round: race.round, raceName: race.name } : {}),
    ...(seasons && seasons.from !== seasons.to && view ? { seasons: range(seasons.from, seasons.to) } : {}),
    ...(query.session && view ? { session: query.session } : {}),
    // A race view over a whole season fans out per race and aggregates.
    ...(view?.race && !race ? { seasonWide: true } : {}),
    drivers: query.drivers,
    teams: query.teams,
    compounds: view ? compoundsIn(question.toLowerCase()) : [],
    query,
    understood: describeQuery(query, view?.label ?? metricOf(query.metric)?.label ?? query.metric),
  };
}

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
  const opening = viewOpening(plan, output.facts, await driverNames(db, plan.drivers));
  return { ...output, headline: `${notes}${opening}\n${builtinNarrative(plan, output.facts)}` };
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

const factOf = (facts: Fact[], label: string) => facts.find((f) => f.label === label)?.value;

/** The sentence that answers a view's question, from the analysis's facts, with full names. */
function viewOpening(plan: Plan, facts: Fact[], names: Map<string, { name: string; code: string }>): string {
  const where = plan.raceName
    ? `at the ${plan.season} ${plan.raceName}`
    : plan.intent === 'career' || plan.intent === 'driver_comparison'
      ? ''
      : `in ${plan.season}`;
  const who = plan.drivers.map((ref) => names.get(ref)).filter((d) => d !== undefined);
  if (plan.intent === 'race_pace' && who.length > 0) {
    const medians = who.flatMap((d) => {
      const v = factOf(facts, `${d.code} median lap`);
      return typeof v === 'number' ? [{ ...d, ms: v * 1000 }] : [];
    });
    medians.sort((a, b) => a.ms - b.ms);
    const [best, ...rest] = medians;
    if (best) {
      const others = rest.map((d) => `${d.name}'s ${formatMs(d.ms)}`);
      return `${best.name} had the ${rest.length ? 'faster' : ''} race pace ${where}: a median clean lap of ${formatMs(best.ms)}${others.length ? ` against ${joinNames(others)}` : ''} (laps 1, in- and out-laps and neutralised laps excluded).`.replace(
        'the  race',
        'the race',
      );
    }
  }
  if (plan.intent === 'tyre_strategy' && who.length > 0) {
    const lines = who.flatMap((d) => {
      const strategy = factOf(facts, `${d.code} strategy`);
      const stops = factOf(facts, `${d.code} stop laps`);
      if (strategy === undefined) return [];
      return [
        `${d.name} ran ${String(strategy).toLowerCase().replaceAll('→', 'then')}${stops && stops !== 'none' ? `, stopping on lap ${stops}` : ', without stopping'}`,
      ];
    });
    if (lines.length) return `${joinNames(lines)} ${where}.`;
  }
  const label = viewOf(plan.query?.metric ?? '')?.label ?? plan.intent.replaceAll('_', ' ');
  return `${label[0]?.toUpperCase()}${label.slice(1)}${who.length ? ` of ${joinNames(who.map((d) => d.name))}` : ''}${where ? ` ${where}` : ''}:`;
}
