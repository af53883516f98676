import { formatMs, type Metric } from '../metric.ts';
import { type SessionResultObservation, sessionResultRows } from '../reads.ts';
import { sessionDetail } from './practice-position.ts';

/**
 * A driver's place in sprint qualifying, the sprint shootout (f1db, 2023 on): it sets the sprint's grid.
 * The time is that of the last part (SQ1–SQ3) the driver reached.
 */
export const sprintQualifyingPosition: Metric = {
  id: 'sprint_qualifying_position',
  label: 'sprint qualifying position',
  words: [
    'sprint qualifying',
    'sprint shootout',
    'sprint quali',
    'sprint qualifying results',
    'sprint qualifying result',
    'sprint pole',
    'shootout result',
    'shootout results',
  ],
  unit: 'position',
  kind: 'value',
  better: 'lower',
  sessions: ['sprint_qualifying'],
  defaultSession: 'sprint_qualifying',
  defaultAggregate: 'value',
  since: 2023,
  observe: async (db, query) =>
    (await sessionResultRows(db, query, ['sprint_qualifying'])).flatMap((r) =>
      r.position === null ? [] : [{ ...r, value: r.position, detail: sessionDetail(r) }],
    ),
  say: (n) => `qualified ${n} for the sprint`,
  event: 'took sprint pole at',
  context: (rows) => {
    const pole = rows.find((r) => r.position === 1) as SessionResultObservation | undefined;
    if (!pole?.timeMs || rows.length < 2) return [];
    const time = formatMs(pole.timeMs);
    return [
      {
        text: `${pole.driverName} took sprint pole with ${time}.`,
        facts: [{ label: 'sprint pole time', value: time }],
      },
    ];
  },
};
