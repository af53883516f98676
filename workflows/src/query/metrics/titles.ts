import { type Metric, plural } from '../metric.ts';
import { finalRounds, standingRows } from '../reads.ts';
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
    'wcc count',
    'wdc count',
    'wcc titles',
    'wdc titles',
    'constructors titles',
    'constructors title',
    'drivers titles',
    'world title',
    'title count',
    'championship titles',
    'last title',
    'first title',
    'last world title',
    'first world title',
    'title win',
    'title wins',
    'won the title',
    'win the title',
  ],
  unit: 'count',
  kind: 'count',
  better: 'higher',
  sessions: ['race'],
  defaultSession: 'race',
  defaultAggregate: 'total',
  observe: async (db, query) => {
    // A title is won when the season is over: a leader after round 11 of 26 has won nothing yet.
    const finals = await finalRounds(db);
    return (
      await standingRows(
        db,
        { ...query, scope: { ...query.scope, rounds: undefined } },
        standingsSubject(query),
      )
    )
      .filter((s) => s.round === finals.get(s.season))
      .map((s) => ({ ...s, value: s.position === 1 ? 1 : 0 }));
  },
  say: (n, count) => `won ${n} ${plural(count, 'world title')}`,
  event: 'won the title in',
};
