import type { Metric } from '../metric.ts';
import { resultRows } from '../reads.ts';

/** Finishing position (classified drivers; the status stands in for others). */
export const finishPosition: Metric = {
  id: 'finish_position',
  label: 'finishing position',
  words: [
    'finishing position',
    'result',
    'results',
    'classification',
    'average finish',
    'average finishing position',
    'finishing order',
    'finish position',
  ],
  hints: ['finish', 'finished', 'position', 'place', 'finishing', 'came', 'p1', 'p2', 'p3'],
  classification: true,
  unit: 'position',
  kind: 'value',
  better: 'lower',
  sessions: ['race', 'sprint'],
  defaultSession: 'race',
  defaultAggregate: 'value',
  observe: async (db, query, session) =>
    (await resultRows(db, query, [session === 'sprint' ? 'sprint' : 'race'])).flatMap((r) =>
      r.position === null ? [] : [{ ...r, value: r.position, detail: r.status }],
    ),
  say: (n) => `finished ${n}`,
  event: 'finished',
};
