import { type Metric, plural } from '../metric.ts';
import { resultRows } from '../reads.ts';

/** Starts: every classification entry except withdrawals and failures to qualify (W, F). */
export const starts: Metric = {
  id: 'starts',
  label: 'starts',
  words: [
    'starts',
    'start',
    'started',
    'entries',
    'races entered',
    'appearances',
    'gp starts',
    'race starts',
    'grand prix starts',
    'world championship starts',
    'championship starts',
    'grand prix entries',
    'raced',
    'raced at',
    'times raced',
  ],
  hints: ['races', 'grands prix'],
  classification: true,
  unit: 'count',
  kind: 'count',
  better: 'higher',
  sessions: ['race', 'sprint'],
  defaultSession: 'race',
  defaultAggregate: 'total',
  observe: async (db, query, session) =>
    (await resultRows(db, query, [session === 'sprint' ? 'sprint' : 'race']))
      .filter((r) => r.positionText !== 'W' && r.positionText !== 'F')
      .map((r) => ({ ...r, value: 1 })),
  say: (n, count) => `started ${n} ${plural(count, 'race')}`,
  event: 'started',
};
