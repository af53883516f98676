import { CLASSIFIED, fromClassification } from '../classification.ts';
import { type Metric, plural } from '../metric.ts';

/** Classified finishes (a position in the classification, laps down included). */
export const finishers: Metric = {
  id: 'finishers',
  label: 'classified finishes',
  words: [
    'classified',
    'finishers',
    'classified finishers',
    'cars classified',
    'took the chequered flag',
    'saw the flag',
    'races finished',
    'finished races',
    'races did finish',
    'chequered flag',
    'checkered flag',
    'saw the chequered flag',
    'seen the chequered flag',
  ],
  hints: ['finishes'],
  unit: 'count',
  kind: 'count',
  better: 'higher',
  ...CLASSIFIED,
  defaultAggregate: 'total',
  observe: fromClassification((r) => (r.classified ? 1 : 0)),
  say: (n, count) => `were classified ${n} ${plural(count, 'time')}`,
  event: 'were classified at',
};
