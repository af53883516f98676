import { type Metric, plural } from '../metric.ts';
import { qualifyingRows } from '../reads.ts';

/** Reaching Q3: a Q3 time in the qualifying table (the three-part format, 2006 on). */
export const q3Appearances: Metric = {
  id: 'q3_appearances',
  label: 'Q3 appearances',
  words: [
    'q3',
    'q3 appearances',
    'reach q3',
    'reached q3',
    'made q3',
    'into q3',
    'top 10 in qualifying',
    'q3s',
    'q3 runs',
    'times in q3',
  ],
  unit: 'count',
  kind: 'count',
  perStart: true,
  better: 'higher',
  sessions: ['qualifying'],
  defaultSession: 'qualifying',
  defaultAggregate: 'total',
  since: 2006,
  observe: async (db, query) =>
    (await qualifyingRows(db, query)).map((q) => ({ ...q, value: q.q3 !== null ? 1 : 0 })),
  say: (n, count) => `reached Q3 ${n} ${plural(count, 'time')}`,
  event: 'reached Q3 at',
};
