import { CLASSIFIED, fromClassification } from '../classification.ts';
import type { Metric } from '../metric.ts';

/** Finishing position (classified drivers; the status stands in for others). */
export const finishPosition: Metric = {
  id: 'finish_position',
  label: 'finishing position',
  words: [
    'finishing position',
    'result',
    'results',
    'classification',
    'average finish',
    'average finishing position',
    'finishing order',
    'finish position',
  ],
  hints: ['finish', 'finished', 'position', 'place', 'finishing', 'came', 'p1', 'p2', 'p3'],
  unit: 'position',
  kind: 'value',
  better: 'lower',
  ...CLASSIFIED,
  defaultAggregate: 'value',
  // The status says how a car was classified ("+1 Lap", "Retired"); "Finished" adds nothing to "finished 6th".
  observe: fromClassification((r) =>
    r.position === null
      ? undefined
      : { value: r.position, ...(r.status === 'Finished' ? {} : { detail: r.status }) },
  ),
  say: (n) => `finished ${n}`,
  event: 'finished',
};
