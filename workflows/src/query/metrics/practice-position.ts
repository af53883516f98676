import { formatMs, type Metric } from '../metric.ts';
import { type SessionResultObservation, sessionResultRows } from '../reads.ts';

export const PRACTICE_SESSIONS = ['fp1', 'fp2', 'fp3'] as const;

/** "FP2", "sprint qualifying": a classified session as people write it. */
export const sessionName = (session: SessionResultObservation['session']) =>
  session === 'sprint_qualifying' ? 'sprint qualifying' : session.toUpperCase();

/** What stands beside a place in a practice or shootout order: the lap time and the gap to the fastest. */
export const sessionDetail = (r: SessionResultObservation) =>
  [
    r.timeMs !== null ? formatMs(r.timeMs) : 'no time',
    r.gapMs !== null && r.position !== 1 ? `+${(r.gapMs / 1000).toFixed(3)} s` : '',
  ]
    .filter(Boolean)
    .join(', ');

/**
 * A driver's place in a free-practice session (f1db, 2018 on): FP1 unless the question names FP2 or FP3.
 * Practice orders are by each driver's best lap, so the detail carries the time and the gap to the fastest.
 */
export const practicePosition: Metric = {
  id: 'practice_position',
  label: 'practice position',
  words: [
    'practice',
    'free practice',
    'practice results',
    'practice result',
    'practice position',
    'practice classification',
    'practice order',
    'timesheet',
    'timesheets',
    'top of the timesheets',
  ],
  unit: 'position',
  kind: 'value',
  better: 'lower',
  sessions: [...PRACTICE_SESSIONS],
  defaultSession: 'fp1',
  defaultAggregate: 'value',
  since: 2018,
  observe: async (db, query, session) =>
    (await sessionResultRows(db, query, [session === 'fp2' || session === 'fp3' ? session : 'fp1'])).flatMap(
      (r) => (r.position === null ? [] : [{ ...r, value: r.position, detail: sessionDetail(r) }]),
    ),
  say: (n) => `was ${n}`,
  event: 'topped the session at',
  context: (rows) => {
    const fastest = rows.find((r) => r.position === 1) as
      | (SessionResultObservation & { value: number })
      | undefined;
    if (!fastest?.timeMs || rows.length < 2) return [];
    const time = formatMs(fastest.timeMs);
    return [
      {
        text: `${fastest.driverName} set the fastest lap of ${sessionName(fastest.session)}, ${time}.`,
        facts: [{ label: `${sessionName(fastest.session)} fastest lap`, value: time }],
      },
    ];
  },
};
