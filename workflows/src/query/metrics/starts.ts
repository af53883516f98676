import { CLASSIFIED, fromClassification } from '../classification.ts';
import { type Metric, plural } from '../metric.ts';

/** Starts: every classification entry except withdrawals and failures to qualify (W, F). */
export const starts: Metric = {
  id: 'starts',
  label: 'starts',
  words: [
    'starts',
    'start',
    'started',
    'entries',
    'races entered',
    'appearances',
    'gp starts',
    'race starts',
    'grand prix starts',
    'world championship starts',
    'championship starts',
    'grand prix entries',
    'raced',
    'raced at',
    'times raced',
  ],
  hints: ['races', 'grands prix'],
  unit: 'count',
  kind: 'count',
  better: 'higher',
  ...CLASSIFIED,
  defaultAggregate: 'total',
  observe: fromClassification((r) => (r.positionText === 'W' || r.positionText === 'F' ? undefined : 1)),
  say: (n, count) => `started ${n} ${plural(count, 'race')}`,
  event: 'started',
};
