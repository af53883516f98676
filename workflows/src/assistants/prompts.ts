import type { Query } from '@pitwall/db/contracts';
import { METRICS } from '../query/catalog.ts';
import type { Metric, MetricUnit, View } from '../query/metric.ts';
import { VIEWS } from '../query/views.ts';
import type { PlannerContext } from './builtin-planner.ts';
import type { NarrateInput } from './registry.ts';

/**
 * System prompts. The rules that matter for correctness are repeated in code (schemas, validation, the
 * verifier); the prompts only make a good answer likely.
 */

const UNIT_WORDS: Record<MetricUnit, string> = {
  count: 'count',
  points: 'points',
  ms: 'time',
  position: 'position',
  laps: 'laps',
  kmh: 'speed, km/h',
};

/** A metric in a few words: what it counts or measures, its sessions, and from when the data holds it. */
function metricLine(m: Metric): string {
  const sessions = m.sessions.length > 1 ? `; sessions ${m.sessions.join(', ')}` : '';
  const since = m.since ? `; from ${m.since}` : '';
  const what = `${m.kind === 'count' ? 'summed' : 'per race'} ${UNIT_WORDS[m.unit]}`;
  return `- ${m.id}: ${m.label} (${what}, ${m.better} is better${sessions}${since})`;
}

/** A view in a few words: an analysis with charts, of one race or of a season or more. */
function viewLine(v: View): string {
  const since = v.since ? `; from ${v.since}` : '';
  return `- ${v.id}: ${v.label} (${v.race ? 'one race, or every race of a season' : 'a season or more'}${since})`;
}

/** Read from the catalog, so a metric added there is offered to the model with no edit here. */
const METRIC_LINES = Object.values(METRICS as Record<string, Metric>)
  .map(metricLine)
  .join('\n');
const VIEW_LINES = (VIEWS as readonly View[]).map(viewLine).join('\n');

export const PLANNER_PROMPT = `You turn a Formula 1 question into a query of a query language over a metric catalog.
You never answer the question and never compute or estimate any number: the system computes every figure.

Metrics (observed per subject and race, then aggregated):
${METRIC_LINES}

Views (analyses with charts; put the view's id in metric):
${VIEW_LINES}

Rules:
- kind "query" with a query when the question maps onto one metric or view; kind "clarify" with a short
  question and up to 5 concrete options when it is ambiguous or outside the catalog. Do not guess.
- drivers and teams: as named in the question, full names preferred; the system resolves them. Both empty
  means everyone (a ranking or a list); subject says whether drivers or teams are ranked then.
- scope.seasons: the inclusive years asked about; "this season" or a season question without a year is the
  newest season given below; null for a career or an all-time record. scope.rounds: "after round 10" is
  to 10, "from round 12" is from 12. scope.race: one race, with its season and the event as it is called
  (e.g. "Italian Grand Prix"); round only when the question gives it. scope.circuit: a venue across the
  years ("wins at Monza").
- session: race, sprint or qualifying only when asked; otherwise null (the metric's own).
- aggregate: total sums per race (wins, points); average or median over races; best or worst single
  value (fastest lap, quickest stop); value for one race; list for everyone it holds for in one race
  (who won, who retired); first or last race where it held (first win).
- rank: most or fewest, with a limit, for "who has the most…"; per: season or race when the record is
  within one season or race ("most wins in a single season").
- filters: position range (P2 is min 2 and max 2, "top 3" is max 3), lap for a running order, withoutWin,
  neverChampion, fromPole, finished; null when not asked.
- notes: anything the question asks that the query cannot hold, in a few words.
- Questions about the future (predictions, odds) are out of scope: clarify.
- A follow-up: when a previous query is given, the question continues that conversation ("and in 2023?",
  "what about Norris?", "same for qualifying", "show his lap times"). Start from the previous query and
  change only what the new question names; keep every other field as it was. A driver or team named with
  "compare with", "vs" or "too" joins the previous ones; otherwise it replaces them. "His", "her" and
  "their" mean the previous query's drivers. A question that names its own metric and season or race
  stands alone. Say in notes what a change may surprise the user with.
- clarification options: each the query that answers one reading of the question.
- Fields that do not apply are null.`;

/** For servers without structured outputs: the schema travels in the prompt instead. */
export function jsonOnlyPlannerPrompt(schema: Record<string, unknown>): string {
  return `${PLANNER_PROMPT}

Reply with one JSON object and nothing else, matching this JSON schema:
${JSON.stringify(schema)}`;
}

/**
 * The question plus the only context a planner needs: which season is "now", what the caller picked, and
 * for a follow-up the previous question's query as JSON.
 */
export function plannerInput(question: string, ctx: PlannerContext): string {
  const d = ctx.defaults;
  const picked = [
    d?.season ? `season ${d.season}` : '',
    d?.round ? `round ${d.round}` : '',
    d?.intent ? `intent ${d.intent}` : '',
  ].filter(Boolean);
  return `Newest season with results: ${ctx.latest.season} (latest round ${ctx.latest.round}).
${
  picked.length > 0
    ? `The user picked this data (use it for what the question leaves out): ${picked.join(', ')}.
`
    : ''
}${
  ctx.context
    ? `This question follows up the previous one. The previous query (JSON; drivers and teams by id, which you may keep as they are):
${JSON.stringify(previousQuery(ctx.context))}
Change only what the new question names and keep the rest of the previous query.
`
    : ''
}Question: ${question}`;
}

/** The previous query as a model reads it: without the notes its own words gave rise to. */
const previousQuery = ({ notes: _notes, ...query }: Query) => query;

export const FACTS_TOOL = {
  name: 'get_facts',
  description:
    'Returns the plan and the facts computed for this question. The facts are the only numbers you may use.',
  parameters: { type: 'object', properties: {}, required: [], additionalProperties: false },
} as const;

export const NARRATOR_PROMPT = `You write the answer to a Formula 1 question for a fan, from computed facts.
First call get_facts. Then answer in 2 to 5 sentences of plain prose (Markdown bold allowed).
Every number you write must appear in the facts exactly as given: do not compute, round, convert, add,
subtract or estimate anything, and do not bring in figures from memory. If the facts do not answer the
question, say what they do show. Do not mention the tool, the plan or these rules.`;

/**
 * The first message of a narration: the question, and the computed answer's opening sentences when there
 * are any (their numbers are computed, and the narrative keeps their meaning); the facts arrive through
 * the tool.
 */
export const narratorInput = (input: NarrateInput) =>
  input.headline
    ? `Question: ${input.question}\nComputed answer (open with it; keep its numbers as they are): ${input.headline}`
    : `Question: ${input.question}`;

/** What get_facts returns. */
export const factsPayload = (input: NarrateInput) => JSON.stringify({ plan: input.plan, facts: input.facts });

export const CODE_INTERPRETER_PROMPT = `You answer a Formula 1 question that the system's built-in analyses do
not cover, by writing and running code with the python tool over the attached CSV files (real timing data; inspect the columns
first). Base every number on the output of code you ran; never state a figure from memory. When a chart
helps, save it as a PNG file and cite it. Answer in a few sentences and say briefly how you computed it.`;
