import { type Metric, plural } from '../metric.ts';
import { lapsLedRows } from '../reads.ts';

/** Laps led: laps completed in first place (lap-by-lap data, 2020 on). */
export const lapsLed: Metric = {
  id: 'laps_led',
  label: 'laps led',
  words: [
    'laps led',
    'in the lead',
    'led the most laps',
    'laps in the lead',
    'laps leading',
    'lead laps',
    'laps lead',
    'led laps',
  ],
  hints: ['led', 'lead', 'leading'],
  unit: 'laps',
  kind: 'count',
  better: 'higher',
  sessions: ['race'],
  defaultSession: 'race',
  defaultAggregate: 'total',
  since: 2020,
  observe: (db, query) => lapsLedRows(db, query),
  say: (n, count) => `led ${n} ${plural(count, 'lap')}`,
  event: 'led laps at',
};
