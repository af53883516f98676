/**
 * A planner answer as a model writes it under the strict schema (plan-output.ts): every property present,
 * null where it does not apply, names rather than refs. Scripted servers return these.
 */
export type ScriptedQuery = {
  metric: string;
  drivers?: string[];
  teams?: string[];
  subject?: 'driver' | 'team';
  session?: string | null;
  scope?: Record<string, unknown>;
  filters?: Record<string, unknown>;
  aggregate?: string;
  per?: string | null;
  age?: string | null;
  rank?: { order: string; limit: number } | null;
  notes?: string[];
};

export function modelQuery(q: ScriptedQuery) {
  return {
    drivers: [],
    teams: [],
    subject: 'driver',
    session: null,
    aggregate: 'total',
    per: null,
    age: null,
    rank: null,
    notes: [],
    ...q,
    scope: { seasons: null, rounds: null, race: null, circuit: null, ...q.scope },
    filters: {
      position: null,
      lap: null,
      withoutWin: null,
      neverChampion: null,
      fromPole: null,
      finished: null,
      ...q.filters,
    },
  };
}

/** `{ kind: 'query', query, clarification: null }` as JSON text. */
export const queryAnswer = (q: ScriptedQuery) =>
  JSON.stringify({ kind: 'query', query: modelQuery(q), clarification: null });

/** `{ kind: 'clarify', query: null, clarification }` as JSON text; each option a query. */
export const clarifyAnswer = (question: string, options: ScriptedQuery[] = []) =>
  JSON.stringify({
    kind: 'clarify',
    query: null,
    clarification: { question, options: options.map(modelQuery) },
  });
