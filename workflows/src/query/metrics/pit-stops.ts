import { type Metric, plural } from '../metric.ts';
import { pitStopRows } from '../reads.ts';

/** Pit stops made, with the lap of each (Ergast's pit-stop table, 2011 on). */
export const pitStops: Metric = {
  id: 'pit_stops',
  label: 'pit stops',
  words: ['pit stops', 'pit stop', 'pitstops', 'pitstop', 'pitted', 'pit laps'],
  hints: ['stops', 'stop', 'pit', 'box', 'boxed'],
  raceView: 'pit_stop_analysis',
  unit: 'count',
  kind: 'count',
  better: 'lower',
  sessions: ['race'],
  defaultSession: 'race',
  defaultAggregate: 'total',
  since: 2011,
  observe: async (db, query) => (await pitStopRows(db, query)).map((p) => ({ ...p, value: 1 })),
  say: (n, count) => `made ${n} pit ${plural(count, 'stop')}`,
  event: 'pitted at',
};
