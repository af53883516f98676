import type { Source } from '@pitwall/db/contracts';
import { findRace } from '@pitwall/db/queries/warehouse';
import { normalize } from '@pitwall/db/text';
import { lapSource } from '../analyses/clean-laps.ts';
import { ERGAST_SOURCE } from '../analyses/race-classification.ts';
import type { DriverInfo } from '../analyses/types.ts';
import type { PlannerContext } from '../assistants/builtin-planner.ts';
import { extractEntities } from '../entities/extract.ts';
import type { Warehouse } from '../warehouse.ts';
import { raceInputs, seasonInputs } from './inputs.ts';

/**
 * The warehouse data code-interpreter mode attaches as CSV: chosen from what the question names (its
 * races, else its seasons, else the newest season), with row limits so an upload stays small.
 */
export type CodeScope = { season: number; rounds: number[]; drivers: string[] };
export type CsvFile = { name: string; csv: string; rows: number; what: string };

export const CODE_DATA_LIMITS = { lapRows: 6_000, resultRows: 3_000, races: 2, seasons: 2 };

/** The seasons, races and drivers a question names, resolved through the catalog (never guessed). */
export function codeScope(question: string, ctx: PlannerContext): CodeScope & { seasons: number[] } {
  const found = extractEntities(ctx.catalog, question);
  const years = /\b(19[5-9]\d|20\d\d)\b/.exec(normalize(question))?.[1];
  const season = years ? Number(years) : (ctx.defaults?.season ?? ctx.latest.season);
  const scoped = found.season === season ? found : extractEntities(ctx.catalog, question, { season });
  const rounds = [
    ...new Set(
      scoped.events.flatMap((e) =>
        (e.resolution.candidates[0]?.races ?? []).filter((r) => r.season === season).map((r) => r.round),
      ),
    ),
  ];
  if (rounds.length === 0 && ctx.defaults?.round && (ctx.defaults.season ?? season) === season) {
    rounds.push(ctx.defaults.round);
  }
  const drivers = [
    ...new Set(
      scoped.drivers.flatMap((m) => (m.resolution.candidates[0] ? [m.resolution.candidates[0].ref] : [])),
    ),
  ];
  const seasons = found.seasons.length > 1 ? found.seasons : [season];
  return { season, rounds: rounds.slice(0, CODE_DATA_LIMITS.races), drivers, seasons };
}

type Cell = string | number | boolean | null | undefined;

/** RFC 4180: cells with commas, quotes or line breaks are quoted, quotes doubled. */
export function toCsv(columns: string[], rows: Cell[][]): string {
  const cell = (v: Cell) => {
    if (v === null || v === undefined) return '';
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `${[columns, ...rows].map((r) => r.map(cell).join(',')).join('\n')}\n`;
}

const slug = (s: string) =>
  normalize(s)
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 40);

/** CSV extracts for a scope, and the sources they come from. */
export async function codeDataFiles(
  db: Warehouse,
  scope: CodeScope & { seasons?: number[] },
): Promise<{ files: CsvFile[]; sources: Source[] }> {
  const files: CsvFile[] = [];
  const sources: Source[] = [];
  for (const round of scope.rounds) {
    const race = await findRace(db, scope.season, round);
    if (!race) continue;
    const input = await raceInputs(db, race);
    const who = new Map<string, DriverInfo>(input.drivers.map((d) => [d.ref, d]));
    const code = (ref: string) => who.get(ref)?.code ?? ref;
    const tag = `${race.season}_${slug(race.name)}`;
    files.push({
      name: `results_${tag}.csv`,
      what: `classification of the ${race.season} ${race.name}`,
      rows: input.results.length,
      csv: toCsv(
        [
          'position',
          'position_text',
          'driver',
          'driver_name',
          'team',
          'grid',
          'laps',
          'time_ms',
          'status',
          'points',
        ],
        input.results.map((r) => [
          r.position,
          r.positionText,
          code(r.driver),
          who.get(r.driver)?.name,
          who.get(r.driver)?.teamName ?? r.teamRef,
          r.grid,
          r.laps,
          r.timeMs,
          r.status,
          r.points,
        ]),
      ),
    });
    sources.push(ERGAST_SOURCE(`${race.season} round ${race.round} classification`));
    // A full race is ~1,300 laps; past the limit keep the named drivers, else the first rows.
    const named = new Set(scope.drivers);
    const laps =
      input.laps.length > CODE_DATA_LIMITS.lapRows && named.size > 0
        ? input.laps.filter((l) => named.has(l.driver))
        : input.laps;
    const kept = laps.slice(0, CODE_DATA_LIMITS.lapRows);
    if (kept.length > 0) {
      files.push({
        name: `laps_${tag}.csv`,
        what: `lap times of the ${race.season} ${race.name}${kept.length < laps.length ? ` (first ${kept.length} rows)` : ''}`,
        rows: kept.length,
        csv: toCsv(
          [
            'driver',
            'lap',
            'position',
            'lap_time_ms',
            'compound',
            'tyre_life',
            'stint',
            'track_status',
            'pit_in',
            'pit_out',
          ],
          kept.map((l) => [
            code(l.driver),
            l.lap,
            l.position,
            l.timeMs,
            l.compound,
            l.tyreLife,
            l.stint,
            l.trackStatus,
            l.pitIn,
            l.pitOut,
          ]),
        ),
      });
      sources.push(lapSource(input.lapSource, input.race, 'lap times'));
    }
    if (input.pitStops.length > 0) {
      files.push({
        name: `pit_stops_${tag}.csv`,
        what: `pit stops of the ${race.season} ${race.name}`,
        rows: input.pitStops.length,
        csv: toCsv(
          ['driver', 'stop', 'lap', 'duration_ms'],
          input.pitStops.map((p) => [code(p.driver), p.stop, p.lap, p.durationMs]),
        ),
      });
    }
  }
  if (files.length === 0) {
    const seasons = (scope.seasons ?? [scope.season]).slice(0, CODE_DATA_LIMITS.seasons);
    const { races, drivers } = await seasonInputs(db, seasons);
    const who = new Map(drivers.map((d) => [d.ref, d]));
    const rows = races.flatMap(({ race, results }) =>
      results.map((r) => [
        race.season,
        race.round,
        race.name,
        r.position,
        r.positionText,
        who.get(r.driver)?.code ?? r.driver,
        who.get(r.driver)?.name,
        who.get(r.driver)?.teamName ?? r.teamRef,
        r.grid,
        r.laps,
        r.status,
        r.points,
      ]),
    );
    const kept = rows.slice(0, CODE_DATA_LIMITS.resultRows);
    if (kept.length > 0) {
      files.push({
        name: `results_${seasons.join('_')}.csv`,
        what: `race results of ${seasons.join(' and ')}${kept.length < rows.length ? ` (first ${kept.length} rows)` : ''}`,
        rows: kept.length,
        csv: toCsv(
          [
            'season',
            'round',
            'race',
            'position',
            'position_text',
            'driver',
            'driver_name',
            'team',
            'grid',
            'laps',
            'status',
            'points',
          ],
          kept,
        ),
      });
      sources.push(ERGAST_SOURCE(`${seasons.join(', ')} race results`));
    }
  }
  return { files, sources };
}
