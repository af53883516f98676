import { type Metric, plural } from '../metric.ts';
import { resultRows } from '../reads.ts';

/** Podium finishes: classified in the top three. */
export const podiums: Metric = {
  id: 'podiums',
  label: 'podiums',
  words: [
    'podium',
    'podiums',
    'podium finishes',
    'top 3 finishes',
    'top three finishes',
    'on the podium',
    'rostrum',
    'rostrums',
  ],
  classification: true,
  unit: 'count',
  kind: 'count',
  perStart: true,
  better: 'higher',
  sessions: ['race', 'sprint'],
  defaultSession: 'race',
  defaultAggregate: 'total',
  observe: async (db, query, session) =>
    (await resultRows(db, query, [session === 'sprint' ? 'sprint' : 'race'])).map((r) => ({
      ...r,
      value: r.position !== null && r.position <= 3 ? 1 : 0,
    })),
  say: (n, count) => `finished on the podium ${n} ${plural(count, 'time')}`,
  event: 'finished on the podium at',
};
