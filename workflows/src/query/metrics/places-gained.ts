import { type Metric, plural } from '../metric.ts';
import { resultRows } from '../reads.ts';

/** Places gained from the grid to the flag (classified finishers who started from a grid slot). */
export const placesGained: Metric = {
  id: 'places_gained',
  label: 'places gained',
  words: [
    'places gained',
    'positions gained',
    'places made up',
    'overtakes',
    'moved up',
    'climbed',
    'gain places',
    'gained places',
    'gain positions',
    'gained positions',
    'places did',
    'gain',
    'mover',
    'movers',
    'biggest mover',
    'spots',
    'spots gained',
    'climb',
    'gained the most',
    'made up',
  ],
  hints: ['gained', 'places', 'positions'],
  classification: true,
  unit: 'count',
  kind: 'count',
  better: 'higher',
  sessions: ['race', 'sprint'],
  defaultSession: 'race',
  defaultAggregate: 'total',
  observe: async (db, query, session) =>
    (await resultRows(db, query, [session === 'sprint' ? 'sprint' : 'race'])).flatMap((r) =>
      r.position !== null && r.grid
        ? [{ ...r, value: r.grid - r.position, detail: `P${r.grid} → P${r.position}` }]
        : [],
    ),
  say: (n, count) => `gained ${n} ${plural(Math.abs(count), 'place')}`,
  event: 'gained places at',
};
