import { CLASSIFIED, fromClassification } from '../classification.ts';
import { type Metric, plural } from '../metric.ts';

/** Fastest laps of the race (rank 1 of the fastest-lap table; recorded from 2004). */
export const fastestLaps: Metric = {
  id: 'fastest_laps',
  label: 'fastest laps',
  words: ['fastest laps', 'fastest lap awards', 'fastest lap points', 'fl', 'fastest lap count'],
  unit: 'count',
  kind: 'count',
  perStart: true,
  better: 'higher',
  ...CLASSIFIED,
  defaultAggregate: 'total',
  since: 2004,
  observe: fromClassification((r) => (r.fastestLapRank === 1 ? 1 : 0)),
  say: (n, count) => `set ${n} ${plural(count, 'fastest lap')}`,
  event: 'set the fastest lap at',
};
