import { CLASSIFIED, fromClassification } from '../classification.ts';
import type { Metric } from '../metric.ts';

/** Starting grid position (0 in the data is a pit-lane start, which is left out). */
export const gridPosition: Metric = {
  id: 'grid_position',
  label: 'grid position',
  words: [
    'grid',
    'grid position',
    'started from',
    'start from',
    'starting position',
    'lined up',
    'front row',
    'grid pos',
    'starting grid',
    'start position',
    'line up',
    'pole to',
    'started where',
  ],
  unit: 'position',
  kind: 'value',
  better: 'lower',
  ...CLASSIFIED,
  defaultAggregate: 'value',
  observe: fromClassification((r) => (r.grid ? { value: r.grid, position: r.grid } : undefined)),
  say: (n) => `started ${n}`,
  event: 'started',
};
