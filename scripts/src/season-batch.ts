import type { Stack } from './stack.ts';

/**
 * One season's batch on a running stack, for the scale-out test and benchmark: "Who won the 2024 <race>?"
 * for its 24 Grands Prix in one `POST /api/analyze/batch`, and who ran each item, read from Temporal.
 */
export const SEASON_2024 = [
  'Bahrain',
  'Saudi Arabian',
  'Australian',
  'Japanese',
  'Chinese',
  'Miami',
  'Emilia Romagna',
  'Monaco',
  'Canadian',
  'Spanish',
  'Austrian',
  'British',
  'Hungarian',
  'Belgian',
  'Dutch',
  'Italian',
  'Azerbaijan',
  'Singapore',
  'United States',
  'Mexico City',
  'São Paulo',
  'Las Vegas',
  'Qatar',
  'Abu Dhabi',
].map((race) => `Who won the 2024 ${race} Grand Prix?`);

export type BatchView = {
  status: string;
  counts: Record<string, number>;
  analyses: { id: string; status: string }[];
};

/** A signed-in user on the stack's API, able to submit a batch and follow it. */
export async function batchUser(stack: Stack, username: string) {
  const api = stack.urls.api;
  const json = { 'content-type': 'application/json' };
  const registered = await fetch(`${api}/api/auth/register`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ username, password: 'a long enough password' }),
  });
  if (registered.status !== 201) throw new Error(`register: ${registered.status} ${await registered.text()}`);
  const { token } = (await registered.json()) as { token: string };
  const headers = { ...json, authorization: `Bearer ${token}` };

  return {
    /** Submits the questions as one batch, each computed afresh (no result cache). */
    async submit(questions: string[]): Promise<{ id: string; analyses: string[] }> {
      const res = await fetch(`${api}/api/analyze/batch`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ queries: questions.map((query) => ({ query, cache: false })) }),
      });
      if (res.status !== 202) throw new Error(`the batch was refused: ${res.status} ${await res.text()}`);
      return (await res.json()) as { id: string; analyses: string[] };
    },
    async batch(id: string): Promise<BatchView> {
      const res = await fetch(`${api}/api/batches/${id}`, { headers });
      if (!res.ok) throw new Error(`batch ${id}: ${res.status}`);
      return (await res.json()) as BatchView;
    },
    /** Polls (gently: the poll shares workerd with the items it watches) until `done` says so. */
    async until(id: string, done: (b: BatchView) => boolean, timeoutMs: number): Promise<BatchView> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const batch = await this.batch(id);
        if (done(batch)) return batch;
        if (Date.now() > deadline) throw new Error(`batch ${id} still ${batch.status} after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 250));
      }
    },
  };
}

type HistoryEvent = { workflowTaskCompletedEventAttributes?: { identity?: string } };

/**
 * The workers that completed the analysis's workflow tasks, in order, as Temporal recorded them (a
 * worker's identity is `<pid>@<host>`): the last one finished the analysis.
 */
export async function workersOf(stack: Stack, analysisId: string): Promise<string[]> {
  const url = `${stack.urls.temporalHttp}/api/v1/namespaces/default/workflows/analysis-${analysisId}/history`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`history of ${analysisId}: ${res.status} ${await res.text()}`);
  const { history } = (await res.json()) as { history?: { events?: HistoryEvent[] } };
  return (history?.events ?? []).flatMap((e) => e.workflowTaskCompletedEventAttributes?.identity ?? []);
}
