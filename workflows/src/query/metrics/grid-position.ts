import type { Metric } from '../metric.ts';
import { resultRows } from '../reads.ts';

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
  classification: true,
  unit: 'position',
  kind: 'value',
  better: 'lower',
  sessions: ['race', 'sprint'],
  defaultSession: 'race',
  defaultAggregate: 'value',
  observe: async (db, query, session) =>
    (await resultRows(db, query, [session === 'sprint' ? 'sprint' : 'race'])).flatMap((r) =>
      r.grid ? [{ ...r, value: r.grid, position: r.grid }] : [],
    ),
  say: (n) => `started ${n}`,
  event: 'started',
};
