import type { Metric } from '../metric.ts';
import { speedTrapRows } from '../reads.ts';

/** A driver's highest speed-trap reading in a race, km/h (OpenF1 laps, 2023 on). */
export const topSpeed: Metric = {
  id: 'top_speed',
  label: 'top speeds',
  words: [
    'speed trap',
    'speed traps',
    'fastest speed trap',
    'top speed',
    'top speeds',
    'highest top speed',
    'highest speed',
    'fastest in the speed trap',
    'quickest through the speed trap',
    'straight line speed',
    'straight line speeds',
    'straightline speed',
    'vmax',
    'maximum speed',
    'terminal speed',
    'km h',
    'kph',
  ],
  unit: 'kmh',
  kind: 'value',
  better: 'higher',
  sessions: ['race'],
  defaultSession: 'race',
  defaultAggregate: 'best',
  since: 2023,
  observe: (db, query) => speedTrapRows(db, query),
  say: (n) => `reached ${n} km/h in the speed trap`,
  event: 'topped the speed trap at',
};
