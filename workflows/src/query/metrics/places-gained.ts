import { CLASSIFIED, fromClassification } from '../classification.ts';
import { type Metric, plural } from '../metric.ts';

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
  ],
  hints: ['gained', 'places', 'positions'],
  unit: 'count',
  kind: 'count',
  better: 'higher',
  ...CLASSIFIED,
  defaultAggregate: 'total',
  observe: fromClassification((r) =>
    r.position !== null && r.grid
      ? { value: r.grid - r.position, detail: `P${r.grid} → P${r.position}` }
      : undefined,
  ),
  say: (n, count) => `gained ${n} ${plural(Math.abs(count), 'place')}`,
  event: 'gained places at',
};
