import type { AnalysisView } from '#lib/api.ts';
import { api } from '#lib/api.ts';

/** One question of a thread as the analysis page lists it. */
export type ThreadItem = Pick<AnalysisView, 'id' | 'query' | 'status'> & { answer: string | null };

const SHORT = 160;

/**
 * The first sentence of an answer, without its markdown, for a thread's earlier questions: "Charles
 * Leclerc won the 2024 Monaco Grand Prix." A longer first sentence is cut at a word.
 */
export function shortAnswer(answer: string | null | undefined): string | null {
  const text = (answer ?? '').replace(/\*\*/g, '').replace(/\s+/g, ' ').trim();
  if (!text) return null;
  const sentence = /^.+?[.!?](?=\s|$)/.exec(text)?.[0] ?? text;
  if (sentence.length <= SHORT) return sentence;
  const cut = sentence.slice(0, SHORT);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), SHORT / 2))}…`;
}

export const threadItem = (a: AnalysisView): ThreadItem => ({
  id: a.id,
  query: a.query,
  status: a.status,
  answer:
    a.status === 'succeeded'
      ? shortAnswer(a.result?.answer)
      : a.status === 'needs_clarification'
        ? (a.clarification?.question ?? null)
        : null,
});

/** How many earlier questions get their short answer read (each is one request). */
const MAX_ANSWERS = 10;

/**
 * The thread around `analysis`, oldest first: the questions asked before it, with their short answers
 * (the thread listing leaves results out, so the nearest earlier ones are read), and those asked after.
 */
export async function loadThread(
  analysis: AnalysisView,
  signal?: AbortSignal,
): Promise<{ earlier: ThreadItem[]; later: ThreadItem[] }> {
  const { items } = await api.thread(analysis.id, signal);
  const at = items.findIndex((a) => a.id === analysis.id);
  if (at < 0) return { earlier: [], later: [] };
  const before = items.slice(0, at);
  const read = await Promise.all(
    before.map((a, i) =>
      i >= before.length - MAX_ANSWERS && a.status === 'succeeded'
        ? api.getAnalysis(a.id, signal).catch(() => a)
        : Promise.resolve(a),
    ),
  );
  return { earlier: read.map(threadItem), later: items.slice(at + 1).map(threadItem) };
}
