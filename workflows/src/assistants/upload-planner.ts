import type { ClarificationOption, Intent, InternalUpload, Plan, Query } from '@pitwall/db/contracts';
import { QuerySchema } from '@pitwall/db/contracts';
import { normalize } from '@pitwall/db/text';
import { extractEntities } from '../entities/extract.ts';
import { viewOf } from '../query/catalog.ts';
import type { PlannerContext, PlanOutcome } from './builtin-planner.ts';
import { detectIntent } from './intents.ts';

/** What each kind of uploaded table can answer; the first is the default when the question names none. */
const ANSWERS: Record<'laps' | 'results', Intent[]> = {
  laps: ['race_pace', 'lap_times'],
  results: ['race_winner'],
};
const option = (label: string, query: object): ClarificationOption => ({
  label,
  query: QuerySchema.parse(query),
});
/** What a table can answer, as the queries that run over it when picked (with the upload as the data). */
const EXAMPLES: Record<'laps' | 'results', ClarificationOption[]> = {
  laps: [
    option('Race pace comparison', { metric: 'race_pace', aggregate: 'value' }),
    option('Lap times', { metric: 'lap_times', aggregate: 'value' }),
  ],
  results: [
    option('Who won?', { metric: 'wins', aggregate: 'list' }),
    option('Classification', { metric: 'finish_position', aggregate: 'list' }),
  ],
};

/** The analysis a structured query asks of an upload: its view's, or the classification for a result. */
const intentOf = (query: Query): Intent | undefined =>
  viewOf(query.metric)?.view ??
  (['wins', 'finish_position'].includes(query.metric) ? 'race_winner' : undefined);

/** A number from the upload's metadata, when the uploader gave one in range. */
function metaNumber(meta: Record<string, unknown> | null, name: string, min: number, max: number) {
  const value = Number(meta?.[name]);
  return Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}

/** How answers name the upload: the race its metadata names, else the file. */
export function uploadLabel(upload: Pick<InternalUpload, 'name' | 'metadata'>): string {
  const race = upload.metadata?.race ?? upload.metadata?.event;
  return typeof race === 'string' && race.trim() ? race.trim().slice(0, 80) : `uploaded “${upload.name}”`;
}

/**
 * Plans a question over the caller's upload with the builtin rules (whatever assistant was chosen: a model
 * knows nothing of the file). The intent comes from the question's words and must be one the table can
 * answer; drivers are resolved through the catalog so the analysis can match them to the upload's names.
 * The plan carries the upload, which keeps it out of any cache.
 */
export function planUpload(
  question: string,
  upload: InternalUpload,
  ctx: PlannerContext,
  structured?: Query,
): PlanOutcome {
  if (upload.type !== 'laps' && upload.type !== 'results') {
    return {
      kind: 'clarify',
      clarification: {
        question: `An analysis can read an uploaded laps or results table; “${upload.name}” is ${upload.type} data.`,
        options: [],
      },
    };
  }
  const type = upload.type;
  const text = normalize(question);
  // A structured query (a picked option) says what to run; only the question's words are read otherwise.
  const detected = structured ? (intentOf(structured) ?? null) : detectIntent(text);
  const intent = detected === undefined ? ANSWERS[type][0] : detected;
  if (!intent || !ANSWERS[type].includes(intent)) {
    return {
      kind: 'clarify',
      clarification: {
        question: `An uploaded ${type} table can answer ${ANSWERS[type].map((i) => i.replace('_', ' ')).join(' or ')} questions. What would you like to know?`,
        options: EXAMPLES[type],
      },
    };
  }
  const written = /\b(19[5-9]\d|20\d\d)\b/.exec(text)?.[1];
  const season = written
    ? Number(written)
    : (metaNumber(upload.metadata, 'season', 1950, 2100) ?? ctx.latest.season);
  const found = extractEntities(ctx.catalog, question, { season });
  const drivers = structured
    ? structured.drivers
    : [
        ...new Set(
          found.drivers.flatMap((m) => (m.resolution.candidates[0] ? [m.resolution.candidates[0].ref] : [])),
        ),
      ];
  const round = metaNumber(upload.metadata, 'round', 1, 30);
  const plan: Plan = {
    intent,
    season,
    ...(round ? { round } : {}),
    raceName: uploadLabel(upload),
    drivers,
    teams: [],
    compounds: [],
    ...(/\bfuel (corrected|adjusted)\b/.test(text) ? { fuelCorrected: true } : {}),
    upload: { id: upload.id, type, name: upload.name.slice(0, 120) },
  };
  return { kind: 'plan', plan };
}
