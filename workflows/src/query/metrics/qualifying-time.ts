import type { Metric } from '../metric.ts';
import { qualifyingRows } from '../reads.ts';

/** A driver's qualifying lap: the time of the last part (Q1–Q3) they reached, ms (1994 on). */
export const qualifyingTime: Metric = {
  id: 'qualifying_time',
  label: 'qualifying lap time',
  words: [
    'qualifying time',
    'qualifying lap',
    'quali time',
    'quali lap',
    'q3 time',
    'qualifying lap time',
    'quali times',
    'qualifying times',
    'quali laps',
    'qualifying laps',
  ],
  unit: 'ms',
  kind: 'value',
  better: 'lower',
  sessions: ['qualifying'],
  defaultSession: 'qualifying',
  defaultAggregate: 'best',
  since: 1994,
  observe: async (db, query) =>
    (await qualifyingRows(db, query)).flatMap((q) => {
      const best = q.q3 ?? q.q2 ?? q.q1;
      return best ? [{ ...q, value: best, detail: `P${q.position} in qualifying` }] : [];
    }),
  say: (n) => `set a qualifying lap of ${n}`,
  event: 'qualified with',
};
