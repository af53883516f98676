import { type Metric, plural } from '../metric.ts';
import { resultRows } from '../reads.ts';

/** Championship points scored: Grand Prix and sprint points unless the question names one session. */
export const points: Metric = {
  id: 'points',
  label: 'points',
  words: ['points', 'point', 'pts', 'points haul', 'points scored'],
  hints: ['scored', 'score'],
  classification: true,
  unit: 'points',
  kind: 'count',
  better: 'higher',
  sessions: ['race', 'sprint'],
  defaultAggregate: 'total',
  observe: async (db, query, session) =>
    (
      await resultRows(db, query, session ? [session === 'sprint' ? 'sprint' : 'race'] : ['race', 'sprint'])
    ).map((r) => ({ ...r, value: r.points })),
  say: (n, count) => `scored ${n} ${plural(count, 'point')}`,
  event: 'scored points at',
};
