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
  observe: fromClassification((r) =>
    r.position === null ? undefined : { value: r.position, detail: r.status },
  ),
  say: (n) => `finished ${n}`,
  event: 'finished',
};
