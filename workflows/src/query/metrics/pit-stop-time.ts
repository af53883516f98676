import type { Metric } from '../metric.ts';
import { pitStopRows } from '../reads.ts';

/** Pit-lane time of a stop, ms: entry to exit, not the stationary time (2011 on). */
export const pitStopTime: Metric = {
  id: 'pit_stop_time',
  label: 'pit-lane time',
  words: [
    'pit stop time',
    'pit lane time',
    'pit-lane time',
    'stop time',
    'quickest pit stop',
    'fastest pit stop',
    'slowest pit stop',
    'quickest stop',
    'fastest stop',
    'pit stop duration',
    'time in the pits',
  ],
  unit: 'ms',
  kind: 'value',
  better: 'lower',
  sessions: ['race'],
  defaultSession: 'race',
  defaultAggregate: 'best',
  since: 2011,
  observe: async (db, query) => (await pitStopRows(db, query)).filter((p) => p.value !== null && p.value > 0),
  say: (n) => `had a pit stop of ${n} (pit-lane time)`,
  event: 'pitted at',
};
