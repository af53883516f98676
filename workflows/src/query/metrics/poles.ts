import { formatMs, type Metric, plural } from '../metric.ts';
import { qualifyingRows, resultRows } from '../reads.ts';

/**
 * Pole positions: P1 in qualifying where the data has qualifying (1994 on), else P1 on the grid. In
 * sprint qualifying the sprint's grid is used.
 */
export const poles: Metric = {
  id: 'poles',
  label: 'pole positions',
  words: [
    'pole',
    'poles',
    'pole position',
    'pole positions',
    'pole sitter',
    'polesitter',
    'on pole',
    'took pole',
    'got pole',
    'pole time',
    'pole lap',
    'pole lap time',
  ],
  unit: 'count',
  kind: 'count',
  perStart: true,
  better: 'higher',
  sessions: ['qualifying', 'sprint'],
  defaultSession: 'qualifying',
  defaultAggregate: 'total',
  observe: async (db, query, session) => {
    if (session === 'sprint') {
      return (await resultRows(db, query, ['sprint'])).map((r) => ({
        ...r,
        value: r.grid === 1 ? 1 : 0,
        position: r.grid,
      }));
    }
    const qualifying = await qualifyingRows(db, query);
    const covered = new Set(qualifying.map((q) => q.raceId));
    const fromGrid = (await resultRows(db, query, ['race']))
      .filter((r) => !covered.has(r.raceId) && r.grid)
      .map((r) => ({ ...r, value: r.grid === 1 ? 1 : 0, position: r.grid }));
    const fromQualifying = qualifying.map((q) => {
      const best = q.q3 ?? q.q2 ?? q.q1;
      return { ...q, value: q.position === 1 ? 1 : 0, ...(best ? { detail: formatMs(best) } : {}) };
    });
    return [...fromGrid, ...fromQualifying];
  },
  say: (n, count) => `took ${n} ${plural(count, 'pole position')}`,
  event: 'took pole for',
  context: (rows) =>
    rows
      .filter((r) => r.value === 1 && r.detail)
      .slice(0, 1)
      .map((r) => ({
        text: `The pole lap was ${r.detail}.`,
        facts: [{ label: 'pole time', value: r.detail ?? '' }],
      })),
};
