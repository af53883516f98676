import type { PlannerContext } from './builtin-planner.ts';
import type { NarrateInput } from './registry.ts';

/**
 * System prompts. The rules that matter for correctness are repeated in code (schemas, validation, the
 * verifier); the prompts only make a good answer likely.
 */

const INTENTS = `- race_winner: who won a race, the classification, the podium
- race_pace: representative race pace of drivers in one race
- lap_times: lap-by-lap times in one race
- tyre_strategy: stints and compounds in one race
- degradation: how fast tyres lost time in one race (set compounds when named)
- positions: position changes lap by lap in one race
- gaps: gaps between drivers lap by lap in one race
- pit_stops: pit stop count and durations in one race
- qualifying: qualifying results or head-to-head in one event
- team_pace: team-by-team pace in one race
- teammate_h2h: teammates compared across a season
- season_standings: championship standings of a season
- points_progression: points round by round through a season
- driver_comparison: two or more drivers compared across one or more seasons (put extra years in seasons)
- career: a driver's career record`;

export const PLANNER_PROMPT = `You turn a Formula 1 question into a query plan for an analysis system.
You never answer the question and never compute or estimate any number: the system computes every figure.

Intents:
${INTENTS}

Rules:
- kind "plan" with a plan when the question maps onto one intent; kind "clarify" with a short question and
  up to 5 concrete options when it is ambiguous or outside these intents. Do not guess.
- season: the year asked about; without a year, the newest season given below.
- For one race, give round when you know it and raceName as the event is called (e.g. "Italian Grand Prix").
  seasonWide: true when the question spans every race of a season.
- drivers and teams: as named in the question, full names preferred; the system resolves them.
- compounds: only SOFT, MEDIUM, HARD, INTERMEDIATE, WET, and only when the question names them.
- session: qualifying or sprint when asked; otherwise leave it empty (null).
- Questions about the future (predictions, odds) are out of scope: clarify.
- Fields that do not apply are null.`;

/** For servers without structured outputs: the schema travels in the prompt instead. */
export function jsonOnlyPlannerPrompt(schema: Record<string, unknown>): string {
  return `${PLANNER_PROMPT}

Reply with one JSON object and nothing else, matching this JSON schema:
${JSON.stringify(schema)}`;
}

/** The question plus the only context a planner needs: which season is "now". */
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
}Question: ${question}`;
}

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

/** The first message of a narration: the question only; the facts arrive through the tool. */
export const narratorInput = (input: NarrateInput) => `Question: ${input.question}`;

/** What get_facts returns. */
export const factsPayload = (input: NarrateInput) => JSON.stringify({ plan: input.plan, facts: input.facts });

export const CODE_INTERPRETER_PROMPT = `You answer a Formula 1 question that the system's built-in analyses do
not cover, by writing and running code with the python tool over the attached CSV files (real timing data; inspect the columns
first). Base every number on the output of code you ran; never state a figure from memory. When a chart
helps, save it as a PNG file and cite it. Answer in a few sentences and say briefly how you computed it.`;
