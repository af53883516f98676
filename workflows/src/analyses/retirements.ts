import type { ChartDraft, Fact } from '@pitwall/db/contracts';
import { ERGAST_SOURCE } from './race-classification.ts';
import type { AnalysisOutput, DriverInfo, RaceInfo, ResultInput } from './types.ts';

/** What put a car out, in three kinds: the reasons Ergast gives (`results.status`) grouped. */
export type RetirementKind = 'accident or collision' | 'mechanical' | 'other';

const ACCIDENT = /collision|accident|spun off|^damage$|debris|crash|fatal/i;
/** A driver's own reason or none given ("Retired"), or too few laps to be classified ("+9 Laps"). */
const OTHER =
  /^retired$|withdrew|illness|injur|unwell|fatigue|physical|not classified|^\+\d+ laps?$|disqualified|excluded/i;

/**
 * The kind of a retirement reason. Everything that is neither an accident nor a driver's or unstated
 * reason is a failure of the car: engine, gearbox, brakes, hydraulics, and also punctures, wheels and
 * fuel, which are parts of the car failing (a puncture from debris is still recorded as a puncture).
 */
export function retirementKind(status: string): RetirementKind {
  if (ACCIDENT.test(status)) return 'accident or collision';
  if (OTHER.test(status)) return 'other';
  return 'mechanical';
}

/** Did not finish: retired (R) or not classified (N), the same rows the `dnfs` metric counts. */
export const isRetirement = (r: Pick<ResultInput, 'positionText'>) =>
  r.positionText === 'R' || r.positionText === 'N';

const KIND_COLOUR: Record<RetirementKind, string> = {
  'accident or collision': '#E10600',
  mechanical: '#3671C6',
  other: '#9B9B9B',
};
const KINDS = Object.keys(KIND_COLOUR) as RetirementKind[];

/**
 * Every retirement in the races given, with its reason (Ergast `results.status`) and the laps the driver
 * completed, and the retirements counted by reason and by kind. `drivers`/`teams` narrow the rows to
 * those named; `where` names the scope in sentences ("at the 2024 Australian Grand Prix", "in 2023").
 */
export function retirements(input: {
  races: { race: RaceInfo; results: ResultInput[] }[];
  drivers: DriverInfo[];
  where: string;
  onlyDrivers?: string[];
  onlyTeams?: string[];
}): AnalysisOutput {
  const info = new Map(input.drivers.map((d) => [d.ref, d]));
  const teamNames = new Map(input.drivers.map((d) => [d.teamRef, d.teamName]));
  const rows = input.races.flatMap(({ race, results }) =>
    results
      .filter(isRetirement)
      .filter((r) => !input.onlyDrivers?.length || input.onlyDrivers.includes(r.driver))
      .filter((r) => !input.onlyTeams?.length || input.onlyTeams.includes(r.teamRef))
      .map((r) => ({ race, result: r, kind: retirementKind(r.status) })),
  );
  const oneRace = input.races.length === 1;
  const name = (ref: string) => info.get(ref)?.name ?? ref;
  const code = (ref: string) => info.get(ref)?.code ?? ref;
  const team = (ref: string) => teamNames.get(ref) ?? ref;
  const lapsText = (n: number) => `${n} ${n === 1 ? 'lap' : 'laps'}`;

  const facts: Fact[] = [{ label: 'retirements', value: rows.length }];
  const byReason = new Map<string, { kind: RetirementKind; count: number }>();
  for (const r of rows) {
    const seen = byReason.get(r.result.status);
    byReason.set(r.result.status, { kind: r.kind, count: (seen?.count ?? 0) + 1 });
  }
  const reasons = [...byReason].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]));
  const byKind = KINDS.map((k) => ({ kind: k, count: rows.filter((r) => r.kind === k).length }));
  for (const { kind, count } of byKind) facts.push({ label: `${kind} retirements`, value: count });
  for (const [reason, { count }] of reasons) facts.push({ label: `retirements: ${reason}`, value: count });

  let headline: string;
  if (rows.length === 0) {
    headline = `Nobody retired ${input.where}: every starter was classified.`;
  } else if (oneRace || rows.length <= 4) {
    for (const r of rows)
      facts.push({ label: `${code(r.result.driver)} laps completed`, value: r.result.laps });
    const each = rows.map(
      (r) =>
        `${name(r.result.driver)} (${team(r.result.teamRef)}): ${r.result.status.toLowerCase()}, after ${lapsText(r.result.laps)}${oneRace ? '' : ` at the ${r.race.season} ${r.race.name}`}`,
    );
    headline = `${rows.length} ${rows.length === 1 ? 'driver' : 'drivers'} retired ${input.where}. ${each.join('; ')}.`;
  } else {
    const kinds = byKind
      .filter((k) => k.count > 0)
      .map((k) => `${k.count} ${k.kind === 'other' ? 'for other or unstated reasons' : k.kind}`);
    const top = reasons.slice(0, 3).map(([reason, { count }]) => `${reason.toLowerCase()} (${count})`);
    headline = `There were ${rows.length} retirements ${input.where}: ${kinds.join(', ')}. The commonest reasons were ${top.join(', ')}.`;
  }

  const chart: ChartDraft = {
    id: 'retirement-reasons',
    kind: 'bar',
    title: `Retirements by reason — ${input.where.replace(/^(at|in) (the )?/, '')}`,
    subtitle: 'Ergast status of every car that did not finish',
    spec: {
      mark: 'bar',
      orientation: 'horizontal',
      x: { field: 'count', label: 'Retirements', type: 'quantitative', format: 'integer' },
      y: { field: 'reason', label: 'Reason', type: 'nominal' },
      color: {
        field: 'kind',
        label: 'Kind',
        domain: KINDS,
        range: KINDS.map((k) => KIND_COLOUR[k]),
      },
      data: reasons.map(([reason, { kind, count }]) => ({ reason, kind, count })),
    },
  };
  return {
    headline,
    facts,
    tables: [
      {
        name: `Retirements ${input.where}`,
        columns: ['Season', 'Round', 'Race', 'Driver', 'Team', 'Laps completed', 'Reason', 'Kind'],
        rows: rows.map((r) => [
          r.race.season,
          r.race.round,
          r.race.name,
          name(r.result.driver),
          team(r.result.teamRef),
          r.result.laps,
          r.result.status,
          r.kind,
        ]),
      },
      {
        name: `Retirements by reason ${input.where}`,
        columns: ['Reason', 'Kind', 'Retirements'],
        rows: reasons.map(([reason, { kind, count }]) => [reason, kind, count]),
      },
    ],
    charts: rows.length > 0 && !oneRace ? [chart] : [],
    sources: [ERGAST_SOURCE(`classifications and retirement reasons ${input.where}`)],
    quality: [],
  };
}
