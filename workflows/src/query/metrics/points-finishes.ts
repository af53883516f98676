import { CLASSIFIED, fromClassification } from '../classification.ts';
import { type Metric, plural } from '../metric.ts';

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
  unit: 'count',
  kind: 'count',
  perStart: true,
  better: 'higher',
  ...CLASSIFIED,
  defaultAggregate: 'total',
  observe: fromClassification(
    // A fastest-lap point from outside the top ten (2019–2024) is not a points finish.
    (r) => (r.points > 0 && r.position !== null && r.position <= 10 ? 1 : 0),
  ),
  say: (n, count) => `finished in the points ${n} ${plural(count, 'time')}`,
  event: 'finished in the points at',
};
