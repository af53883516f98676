import { type Metric, plural } from '../metric.ts';
import { resultRows } from '../reads.ts';

/** Points finishes: races in which the driver scored (any points, bonus points for a fastest lap aside). */
export const pointsFinishes: Metric = {
  id: 'points_finishes',
  label: 'points finishes',
  words: [
    'points finishes',
    'points finish',
    'finishes in the points',
    'in the points',
    'points scoring finishes',
    'scoring finishes',
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
      // A fastest-lap point from outside the top ten (2019–2024) is not a points finish.
      value: r.points > 0 && r.position !== null && r.position <= 10 ? 1 : 0,
    })),
  say: (n, count) => `finished in the points ${n} ${plural(count, 'time')}`,
  event: 'finished in the points at',
};
