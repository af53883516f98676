import { type Metric, plural } from '../metric.ts';
import { standingRows } from '../reads.ts';
import { standingsSubject } from './championship-position.ts';

/** World titles: first in the final drivers' (or constructors') standings of a season. */
export const titles: Metric = {
  id: 'titles',
  label: 'world titles',
  words: [
    'titles',
    'world titles',
    'championships',
    'world championships',
    'championships won',
    'world champion',
    'times champion',
  ],
  unit: 'count',
  kind: 'count',
  better: 'higher',
  sessions: ['race'],
  defaultSession: 'race',
  defaultAggregate: 'total',
  observe: async (db, query) =>
    (
      await standingRows(
        db,
        { ...query, scope: { ...query.scope, rounds: undefined } },
        standingsSubject(query),
      )
    ).map((s) => ({ ...s, value: s.position === 1 ? 1 : 0 })),
  say: (n, count) => `won ${n} ${plural(count, 'world title')}`,
  event: 'won the title in',
};
