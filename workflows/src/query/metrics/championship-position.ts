import type { Query } from '@pitwall/db/contracts';
import { formatPoints, type Metric, plural } from '../metric.ts';
import { standingRows } from '../reads.ts';

export const standingsSubject = (query: Query) =>
  query.teams.length > 0 || (query.drivers.length === 0 && query.subject === 'team') ? 'team' : 'driver';

/**
 * Championship position after the last round in scope of each season: the final table for a whole
 * season, "after round 10" for `rounds.to = 10`. Drivers' or constructors' championship by the subject.
 */
export const championshipPosition: Metric = {
  id: 'championship_position',
  label: 'championship position',
  words: [
    'championship',
    'standings',
    'standing',
    'wdc',
    'wcc',
    'drivers championship',
    'constructors championship',
    'champion',
    'champions',
    'championship position',
    'led the championship',
    'top of the standings',
    'finish in the championship',
    'championship leader',
    'constructors position',
    'drivers position',
    'position in the championship',
    'standings position',
    'championship finish',
  ],
  hints: ['title', 'table', 'leader', 'leading', 'topped', 'led'],
  unit: 'position',
  kind: 'value',
  better: 'lower',
  sessions: ['race'],
  defaultSession: 'race',
  defaultAggregate: 'value',
  observe: async (db, query) =>
    (await standingRows(db, query, standingsSubject(query))).map((s) => ({
      ...s,
      value: s.position ?? 0,
      detail: `${formatPoints(s.points)} points`,
    })),
  say: (n) => `was ${n} in the championship`,
  event: 'led the championship',
  context: (rows) => {
    const [first, second] = [...rows].sort((a, b) => (a.position ?? 99) - (b.position ?? 99));
    const pts = (r: { detail?: string }) => Number.parseFloat(r.detail ?? '0');
    if (!first || !second) return [];
    const gap = pts(first) - pts(second);
    return [
      {
        text: `${first.driverName} had ${formatPoints(pts(first))} points, ${formatPoints(gap)} ${plural(gap, 'point')} ahead of ${second.driverName} on ${formatPoints(pts(second))}.`,
        facts: [
          { label: `${first.driverName} points`, value: pts(first) },
          { label: `${second.driverName} points`, value: pts(second) },
          { label: 'lead in points', value: gap },
        ],
      },
    ];
  },
};
