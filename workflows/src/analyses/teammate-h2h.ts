import { type ChartDraft, type Fact, teamColour } from '@pitwall/db/contracts';
import { decidingLap } from './qualifying.ts';
import { ERGAST_SOURCE } from './race-classification.ts';
import type { AnalysisOutput, DriverInfo, QualifyingInput, SeasonRaceInput } from './types.ts';

/** One race in a head-to-head: who came out ahead (`a`, `b`) or why it does not count. */
export type Duel = {
  round: number;
  name: string;
  ahead: 'a' | 'b' | null;
  /** Why the race is not counted, when `ahead` is null. */
  reason?: string;
  /** Qualifying: A's deciding lap minus B's when both set one in the same segment, s. */
  gapS?: number;
};

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const hasTime = (q: QualifyingInput) => decidingLap(q) !== null;

/**
 * Qualifying duels between drivers `a` and `b` over a season.
 * - Counted: races where both have a qualifying entry (they took part in the session).
 * - The better official qualifying position wins. Grid penalties do not count: this is the qualifying
 *   classification, not the starting grid (the figures usually quoted, e.g. Leclerc 15–7 Sainz in 2023).
 * - A driver who took part but set no time loses to a teammate who set one; if neither set a time the
 *   race is not counted.
 * - `teammatesOnly`: only races where both entered for the same team.
 */
export function qualifyingDuels(
  races: SeasonRaceInput[],
  a: string,
  b: string,
  teammatesOnly: boolean,
): Duel[] {
  return races.map(({ race, qualifying }) => {
    const base = { round: race.round, name: race.name };
    const qa = qualifying.find((q) => q.driver === a);
    const qb = qualifying.find((q) => q.driver === b);
    if (!qa || !qb || qa.position === null || qb.position === null) {
      return { ...base, ahead: null, reason: 'did not both take part in qualifying' };
    }
    if (teammatesOnly && qa.teamRef !== qb.teamRef) return { ...base, ahead: null, reason: 'not teammates' };
    if (!hasTime(qa) && !hasTime(qb)) return { ...base, ahead: null, reason: 'neither set a time' };
    const ahead =
      hasTime(qa) !== hasTime(qb) ? (hasTime(qa) ? 'a' : 'b') : qa.position < qb.position ? 'a' : 'b';
    const la = decidingLap(qa);
    const lb = decidingLap(qb);
    return la && lb && la.segment === lb.segment
      ? { ...base, ahead, gapS: round3((la.ms - lb.ms) / 1000) }
      : { ...base, ahead };
  });
}

/**
 * Race duels: counted only when both drivers are classified (Ergast `position` set, which includes cars
 * classified after retiring late), the lower `positionOrder` wins. A race where only one is classified is
 * not a duel: it is reported apart as a finish over a teammate's DNF (`reason` 'only A/B classified').
 * Main races only; sprints are not included.
 */
export function raceDuels(races: SeasonRaceInput[], a: string, b: string, teammatesOnly: boolean): Duel[] {
  return races.map(({ race, results }) => {
    const base = { round: race.round, name: race.name };
    const ra = results.find((r) => r.driver === a);
    const rb = results.find((r) => r.driver === b);
    if (!ra || !rb) return { ...base, ahead: null, reason: 'did not both enter the race' };
    if (teammatesOnly && ra.teamRef !== rb.teamRef) return { ...base, ahead: null, reason: 'not teammates' };
    if (ra.position === null && rb.position === null)
      return { ...base, ahead: null, reason: 'neither classified' };
    if (ra.position === null) return { ...base, ahead: null, reason: 'only B classified' };
    if (rb.position === null) return { ...base, ahead: null, reason: 'only A classified' };
    return { ...base, ahead: ra.positionOrder < rb.positionOrder ? 'a' : 'b' };
  });
}

const tally = (duels: Duel[]) => ({
  a: duels.filter((d) => d.ahead === 'a').length,
  b: duels.filter((d) => d.ahead === 'b').length,
});

/** `#3671C6` → halfway to white, so two teammates in one team colour stay apart. */
export function lighten(hex: string): string {
  const channel = (i: number) => Math.round((Number.parseInt(hex.slice(i, i + 2), 16) + 255) / 2);
  return `#${[1, 3, 5].map((i) => channel(i).toString(16).padStart(2, '0')).join('')}`.toUpperCase();
}

/**
 * A season's head-to-head between two drivers (normally teammates): qualifying duels (`qualifyingDuels`)
 * and race duels (`raceDuels`). When the two shared a team at some races, only those races count (a
 * mid-season swap leaves the others out); when they never did, every race both entered is compared and a
 * quality note says so. The median qualifying gap (s, A minus B, negative = A faster) uses races where
 * both set their deciding lap in the same segment.
 */
export function teammateHeadToHead(input: {
  season: number;
  races: SeasonRaceInput[];
  driverA: string;
  driverB: string;
  drivers: DriverInfo[];
}): AnalysisOutput {
  const { season, races, driverA: a, driverB: b } = input;
  const info = new Map(input.drivers.map((d) => [d.ref, d]));
  const name = (ref: string) => info.get(ref)?.name ?? ref;
  const code = (ref: string) => info.get(ref)?.code ?? ref.slice(0, 3).toUpperCase();
  const teammates = races.some(({ results }) => {
    const ta = results.find((r) => r.driver === a)?.teamRef;
    return ta !== undefined && ta === results.find((r) => r.driver === b)?.teamRef;
  });
  const quali = qualifyingDuels(races, a, b, teammates);
  const race = raceDuels(races, a, b, teammates);
  const q = tally(quali);
  const r = tally(race);
  const gaps = quali.flatMap((d) => (d.gapS === undefined ? [] : [d.gapS])).sort((x, y) => x - y);
  const mid = gaps.length / 2;
  const medianGap =
    gaps.length === 0
      ? null
      : round3(
          gaps.length % 2 ? (gaps[Math.floor(mid)] ?? 0) : ((gaps[mid - 1] ?? 0) + (gaps[mid] ?? 0)) / 2,
        );

  const facts: Fact[] = [
    { label: 'season', value: season },
    { label: `qualifying head-to-head ${name(a)}`, value: q.a },
    { label: `qualifying head-to-head ${name(b)}`, value: q.b },
    { label: 'qualifying sessions compared', value: q.a + q.b },
    { label: `race head-to-head ${name(a)}`, value: r.a },
    { label: `race head-to-head ${name(b)}`, value: r.b },
    { label: 'races compared (both classified)', value: r.a + r.b },
    {
      label: `races ${name(a)} finished and ${name(b)} did not`,
      value: race.filter((d) => d.reason === 'only A classified').length,
    },
    {
      label: `races ${name(b)} finished and ${name(a)} did not`,
      value: race.filter((d) => d.reason === 'only B classified').length,
    },
    {
      label: 'races neither was classified',
      value: race.filter((d) => d.reason === 'neither classified').length,
    },
  ];
  if (medianGap !== null)
    facts.push({ label: `median qualifying gap ${name(a)} to ${name(b)}`, value: medianGap, unit: 's' });

  const who = (d: Duel) => (d.ahead === 'a' ? name(a) : d.ahead === 'b' ? name(b) : null);
  const table = {
    name: 'Race by race',
    columns: [
      'Round',
      'Race',
      'Qualifying ahead',
      `Quali gap ${code(a)}–${code(b)} (s)`,
      'Race ahead',
      'Not counted because',
    ],
    rows: races.map((_, i) => {
      const dq = quali[i] as Duel;
      const dr = race[i] as Duel;
      const why = [
        dq.reason && `qualifying: ${dq.reason}`,
        dr.reason && `race: ${dr.reason.replace(/\b([AB])\b/, (m) => code(m === 'A' ? a : b))}`,
      ];
      return [dq.round, dq.name, who(dq), dq.gapS ?? null, who(dr), why.filter(Boolean).join('; ') || null];
    }),
  };

  const colourA = teamColour(info.get(a)?.teamRef ?? '');
  const colourB =
    info.get(b)?.teamRef === info.get(a)?.teamRef ? lighten(colourA) : teamColour(info.get(b)?.teamRef ?? '');
  const chart: ChartDraft = {
    id: 'head-to-head',
    kind: 'bar',
    title: `${name(a)} vs ${name(b)} — ${season} head-to-head`,
    subtitle: 'Qualifying: sessions ahead; race: races ahead when both were classified',
    spec: {
      mark: 'bar',
      orientation: 'horizontal',
      x: { field: 'count', label: 'Times ahead', type: 'quantitative', format: 'integer' },
      y: { field: 'contest', label: 'Contest', type: 'nominal' },
      color: { field: 'driver', label: 'Driver', domain: [code(a), code(b)], range: [colourA, colourB] },
      data: [
        { contest: `Qualifying ${code(a)}`, driver: code(a), count: q.a },
        { contest: `Qualifying ${code(b)}`, driver: code(b), count: q.b },
        { contest: `Race ${code(a)}`, driver: code(a), count: r.a },
        { contest: `Race ${code(b)}`, driver: code(b), count: r.b },
      ],
    },
  };

  const quality: AnalysisOutput['quality'] = [];
  if (!teammates) {
    quality.push({
      code: 'not_teammates',
      message: `${name(a)} and ${name(b)} were not teammates in ${season}; every race both entered is compared.`,
    });
  }
  const skipped = quali.filter((d) => d.reason && d.reason !== 'not teammates');
  if (skipped.length > 0) {
    quality.push({
      code: 'qualifying_not_compared',
      message: `Not counted in qualifying: ${skipped.map((d) => `round ${d.round} (${d.reason})`).join(', ')}.`,
    });
  }
  return {
    facts,
    tables: [table],
    charts: [chart],
    sources: [
      ERGAST_SOURCE(`${season} qualifying and race classifications (ergast/qualifying.csv, results.csv)`),
    ],
    quality,
  };
}
