import { type Metric, plural } from '../metric.ts';
import { raceEvents } from '../reads.ts';

/** Safety-car periods (deployments of the safety car, not virtual safety cars), 1973 on. */
export const safetyCars: Metric = {
  id: 'safety_cars',
  label: 'safety-car periods',
  words: [
    'safety car',
    'safety cars',
    'safety car periods',
    'safety car period',
    'sc periods',
    'sc',
    'safety car deployments',
    'neutralisations',
  ],
  level: 'race',
  unit: 'count',
  kind: 'count',
  better: 'lower',
  sessions: ['race'],
  defaultSession: 'race',
  defaultAggregate: 'total',
  since: 1973,
  raceView: 'neutralisations',
  observe: (db, query) => raceEvents(db, query, 'safety_cars'),
  say: (n, count) => `${n} safety-car ${plural(count, 'period')}`,
};
