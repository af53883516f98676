import { CLASSIFIED, fromClassification } from '../classification.ts';
import { type Metric, plural } from '../metric.ts';

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
  unit: 'count',
  kind: 'count',
  perStart: true,
  better: 'higher',
  ...CLASSIFIED,
  defaultAggregate: 'total',
  observe: fromClassification((r) => (r.position !== null && r.position <= 3 ? 1 : 0)),
  say: (n, count) => `finished on the podium ${n} ${plural(count, 'time')}`,
  event: 'finished on the podium at',
};
