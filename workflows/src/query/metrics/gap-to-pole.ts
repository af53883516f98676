import type { Metric } from '../metric.ts';
import { qualifyingRows } from '../reads.ts';

/**
 * Gap to pole in qualifying, ms: the driver's best lap of the session (Q1–Q3) against the pole-sitter's
 * best (1994 on; single-lap and aggregate formats of 2003–2005 are compared the same way).
 */
export const gapToPole: Metric = {
  id: 'gap_to_pole',
  label: 'gap to pole',
  words: [
    'gap to pole',
    'off pole',
    'from pole',
    'behind pole',
    'deficit to pole',
    'distance to pole',
    'to pole',
  ],
  unit: 'ms',
  kind: 'value',
  better: 'lower',
  sessions: ['qualifying'],
  defaultSession: 'qualifying',
  defaultAggregate: 'value',
  since: 1994,
  observe: async (db, query) => {
    const rows = await qualifyingRows(db, { ...query, drivers: [], teams: [] });
    const best = (r: (typeof rows)[number]) =>
      Math.min(...[r.q1, r.q2, r.q3].filter((t): t is number => t !== null && t > 0));
    const pole = new Map<number, number>();
    for (const r of rows) if (r.position === 1 && Number.isFinite(best(r))) pole.set(r.raceId, best(r));
    return rows.flatMap((r) => {
      const p = pole.get(r.raceId);
      const own = best(r);
      return p !== undefined && Number.isFinite(own)
        ? [{ ...r, value: own - p, detail: `P${r.position}` }]
        : [];
    });
  },
  say: (n) => `was ${n} off pole`,
  event: 'qualified',
};
