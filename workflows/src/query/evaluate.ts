import type { Query } from '@pitwall/db/contracts';
import { latestResults } from '@pitwall/db/queries/warehouse';
import { normalize } from '@pitwall/db/text';
import { z } from 'zod';
import type { Catalog } from '../entities/catalog.ts';
import { loadCatalog } from '../entities/catalog.ts';
import type { Warehouse } from '../warehouse.ts';
import { answerQuery, planOf } from './answer.ts';
import { type ParseContext, parseQuestion, type Understanding } from './parse.ts';

/** One question of a question file (`../shared/questions/` format). */
export const EvalItem = z.object({
  q: z.string(),
  /**
   * A follow-up: the question (or the chain of questions, first first) asked before it in the same
   * conversation. Each is read with the one before as its context, and `q` with the last as its own.
   */
  after: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
  family: z.string(),
  expect: z.array(z.union([z.string(), z.array(z.string()).min(1)])).optional(),
  reject: z.boolean().optional(),
});
export type EvalItem = z.infer<typeof EvalItem>;
export type EvalOutcome = 'right' | 'asked back' | 'declined' | 'wrong';
/** `inText`: a right answer whose own sentences hold every expected token (not only its facts and tables). */
export type EvalRow = { item: EvalItem; outcome: EvalOutcome; said: string; ms: number; inText?: boolean };

const contains = (text: string, token: string) => text.includes(normalize(token));

/**
 * Reads a question as the last of a conversation: each earlier question with the one before as its
 * context, then the question itself. An earlier question that is not answered ends it there.
 */
export function understandInThread(
  item: Pick<EvalItem, 'q' | 'after'>,
  ctx: { catalog: Catalog; latest: ParseContext['latest'] },
): { understood: Understanding; before?: string } {
  const chain = item.after === undefined ? [] : Array.isArray(item.after) ? item.after : [item.after];
  let context: Query | undefined;
  for (const question of chain) {
    const understood = parseQuestion(question, { ...ctx, ...(context ? { context } : {}) });
    if (understood.kind !== 'query') return { understood, before: question };
    context = understood.query;
  }
  return { understood: parseQuestion(item.q, { ...ctx, ...(context ? { context } : {}) }) };
}

/**
 * Runs each question through the builtin parser and the executor and scores the answer: right when its
 * text, facts and tables hold every expected token (any alternative of a list); a must-not-answer question
 * is right when it is declined or asked back, and wrong when answered.
 */
export async function evaluate(db: Warehouse, items: EvalItem[]): Promise<EvalRow[]> {
  const latest = await latestResults(db);
  if (!latest) throw new Error('the warehouse holds no results');
  const catalog = await loadCatalog(db);
  const rows: EvalRow[] = [];
  for (const item of items) {
    const started = performance.now();
    const { understood, before } = understandInThread(item, { catalog, latest });
    const earlier = before ? `(the earlier question "${before}") ` : '';
    let outcome: EvalOutcome;
    let said: string;
    let inText = false;
    if (understood.kind === 'decline') {
      [outcome, said] = ['declined', `${earlier}${understood.reason}`];
    } else if (understood.kind === 'clarify') {
      const { question, options } = understood.clarification;
      const labels = options.slice(0, 3).map((o) => o.label);
      [outcome, said] = ['asked back', `${earlier}${question} ${labels.join(' | ')}`];
    } else {
      try {
        const answer = await answerQuery(db, planOf(understood.query, latest.season, item.q));
        const haystack = normalize(
          [
            answer.headline,
            ...answer.facts.map((f) => `${f.label} ${f.value}`),
            ...answer.tables.flatMap((t) => t.rows.map((r) => r.join(' '))),
          ].join(' '),
        );
        const right =
          !item.reject &&
          (item.expect ?? []).every((t) =>
            (Array.isArray(t) ? t : [t]).some((alt) => contains(haystack, alt)),
          );
        outcome = right ? 'right' : 'wrong';
        const text = normalize(answer.headline);
        inText =
          right &&
          (item.expect ?? []).every((t) => (Array.isArray(t) ? t : [t]).some((alt) => contains(text, alt)));
        said = `${answer.headline}  [${JSON.stringify(understood.query)}]`;
      } catch (err) {
        [outcome, said] = ['declined', `could not answer: ${(err as Error).message}`];
      }
    }
    if (item.reject && outcome !== 'wrong') outcome = 'right';
    rows.push({ item, outcome, said, ms: performance.now() - started, inText });
  }
  return rows;
}
