import { type Metric, plural } from '../metric.ts';
import { raceEvents } from '../reads.ts';

/** Red flags: the race stopped, with the incident that stopped it. */
export const redFlags: Metric = {
  id: 'red_flags',
  label: 'red flags',
  words: ['red flag', 'red flags', 'red flagged', 'race stoppages'],
  hints: ['stopped', 'suspended'],
  level: 'race',
  unit: 'count',
  kind: 'count',
  better: 'lower',
  sessions: ['race'],
  defaultSession: 'race',
  defaultAggregate: 'total',
  raceView: 'neutralisations',
  observe: (db, query) => raceEvents(db, query, 'red_flags'),
  say: (n, count) => `${n} red ${plural(count, 'flag')}`,
};
