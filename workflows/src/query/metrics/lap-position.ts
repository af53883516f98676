import type { Metric } from '../metric.ts';
import { lapPositionRows } from '../reads.ts';

/** The running order at the end of a lap (lap-by-lap data, 2020 on); lap 1 unless the query names one. */
export const lapPosition: Metric = {
  id: 'lap_position',
  label: 'running position',
  words: [
    'running order',
    'running position',
    'order after lap',
    'position after lap',
    'after lap',
    'order at the end of lap',
    'after the first lap',
    'after 1 lap',
  ],
  unit: 'position',
  kind: 'value',
  better: 'lower',
  sessions: ['race'],
  defaultSession: 'race',
  defaultAggregate: 'list',
  since: 2020,
  observe: (db, query) => lapPositionRows(db, query, query.filters.lap ?? 1),
  say: (n) => `ran ${n}`,
  event: 'ran',
};
