import { CLASSIFIED, fromClassification } from '../classification.ts';
import type { Metric } from '../metric.ts';

/** A driver's quickest lap of a race, ms (from the classification's fastest-lap columns, 2004 on). */
export const fastestLapTime: Metric = {
  id: 'fastest_lap_time',
  label: 'fastest lap time',
  words: [
    'fastest lap',
    'quickest lap',
    'best lap',
    'fastest lap time',
    'quickest lap time',
    'best lap time',
    'lap record',
    'fastest race lap',
    'quickest race lap',
    'race lap record',
    'fastest lap ever',
    'quickest lap ever',
    'race lap',
  ],
  unit: 'ms',
  kind: 'value',
  better: 'lower',
  ...CLASSIFIED,
  defaultAggregate: 'best',
  since: 2004,
  observe: fromClassification((r) =>
    r.fastestLapTimeMs
      ? { value: r.fastestLapTimeMs, detail: r.fastestLap ? `lap ${r.fastestLap}` : undefined }
      : undefined,
  ),
  say: (n) => `set a fastest lap of ${n}`,
  event: 'set the fastest lap at',
};
