import { type Metric, plural } from '../metric.ts';
import { standingRows } from '../reads.ts';
import { standingsSubject } from './championship-position.ts';

/** Championship points after the last round in scope (sprints and bonus points included, as scored). */
export const championshipPoints: Metric = {
  id: 'championship_points',
  label: 'championship points',
  words: [
    'championship points',
    'points in the championship',
    'points gap',
    'gap in the championship',
    'final points',
    'title gap',
    'points lead',
    'standings points',
    'final points gap',
    'points difference',
  ],
  unit: 'points',
  kind: 'value',
  better: 'higher',
  sessions: ['race'],
  defaultSession: 'race',
  defaultAggregate: 'value',
  observe: async (db, query) =>
    (await standingRows(db, query, standingsSubject(query))).map((s) => ({
      ...s,
      value: s.points,
      detail: s.position ? `P${s.position}` : undefined,
    })),
  say: (n, count) => `had ${n} championship ${plural(count, 'point')}`,
  event: 'had',
};
