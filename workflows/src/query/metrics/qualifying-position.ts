import type { Metric } from '../metric.ts';
import { qualifyingRows } from '../reads.ts';

/** Qualifying position (1994 on). */
export const qualifyingPosition: Metric = {
  id: 'qualifying_position',
  label: 'qualifying position',
  words: [
    'qualify',
    'qualified',
    'qualifying position',
    'quali position',
    'qualifying result',
    'qualifying results',
    'qualifying',
    'quali',
    'average qualifying',
  ],
  raceView: 'qualifying_session',
  unit: 'position',
  kind: 'value',
  better: 'lower',
  sessions: ['qualifying'],
  defaultSession: 'qualifying',
  defaultAggregate: 'value',
  since: 1994,
  observe: async (db, query) =>
    (await qualifyingRows(db, query)).map((q) => ({ ...q, value: q.position ?? 0 })),
  say: (n) => `qualified ${n}`,
  event: 'qualified',
};
