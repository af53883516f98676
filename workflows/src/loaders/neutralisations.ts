import { races, redFlags, safetyCars, virtualSafetyCars } from '@pitwall/db/schema/warehouse';
import { normalize } from '@pitwall/db/text';
import type { Warehouse } from '../warehouse.ts';
import { type CsvRow, int, num, req, str } from './csv.ts';
import { upsertRows } from './upsert.ts';

/**
 * Safety cars, virtual safety cars and red flags from the Ergast dump (`safety_cars.csv`,
 * `virtual_safety_car_estimates.json`, `red_flags.csv`). Their rows name the race as "YYYY Name" rather
 * than by id, so each is matched to a race of that season by name (or the name the race has since taken:
 * the VSC file calls the 2022 São Paulo Grand Prix "Brazilian"); a row whose race the warehouse does not
 * hold is counted as rejected with that reason.
 */
type Outcome = { rows: number; flagged: number; rejected: number; issues: Record<string, number> };

/** Grands prix the sources name by their old name after the race was renamed (normalised names). */
const RENAMED: Record<string, string> = { 'brazilian grand prix': 'sao paulo grand prix' };

async function raceIndex(db: Warehouse): Promise<(race: string) => number | undefined> {
  const rows = await db.select({ id: races.id, season: races.season, name: races.name }).from(races);
  const index = new Map(rows.map((r) => [`${r.season} ${normalize(r.name)}`, r.id]));
  return (race) => {
    const key = normalize(race);
    const renamed = key.replace(/^(\d{4}) (.*)$/, (_, season: string, name: string) =>
      RENAMED[name] ? `${season} ${RENAMED[name]}` : key,
    );
    return index.get(key) ?? index.get(renamed);
  };
}

/** Groups rows by race (in file order) and numbers them within it: the period or flag ordinal. */
async function byRace<T>(db: Warehouse, records: CsvRow[], map: (r: CsvRow, raceId: number, n: number) => T) {
  const raceOf = await raceIndex(db);
  const seen = new Map<number, number>();
  const rows: T[] = [];
  const issues: Record<string, number> = {};
  for (const record of records) {
    try {
      const raceId = raceOf(req(str(record.Race), 'Race'));
      if (raceId === undefined) throw new Error('unknown race');
      const n = (seen.get(raceId) ?? 0) + 1;
      rows.push(map(record, raceId, n));
      seen.set(raceId, n);
    } catch (err) {
      const reason = (err as Error).message;
      issues[reason] = (issues[reason] ?? 0) + 1;
    }
  }
  const outcome: Outcome = { rows: rows.length, flagged: 0, rejected: records.length - rows.length, issues };
  return { rows, outcome };
}

/**
 * Runs of consecutive laps, in lap order: [20, 21, 40] → [[20, 21], [40, 40]]. Laps given twice count once.
 */
export function lapRuns(laps: number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const lap of [...new Set(laps)].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last && lap === last[1] + 1) last[1] = lap;
    else runs.push([lap, lap]);
  }
  return runs;
}

/**
 * Files that are not CSV, read into the same records: the VSC estimates (race name → laps run under the
 * VSC) become one record per race, `Race` and its `Laps` as JSON.
 */
export const NEUTRALISATION_PARSERS: Record<string, (text: Buffer) => CsvRow[]> = {
  'virtual_safety_car_estimates.json': (text) =>
    Object.entries(JSON.parse(text.toString()) as Record<string, unknown>).map(([race, laps]) => ({
      Race: race,
      Laps: JSON.stringify(laps),
    })),
};

/**
 * A race's VSC laps as the estimates file lists them: whole lap numbers. Lap 0 (the file gives it for
 * 2022 Hungary) is before the start, not a race lap: it is left out and counted in `issues`.
 */
function vscLaps(record: CsvRow, issues: Record<string, number>): number[] {
  const laps: unknown = JSON.parse(record.Laps ?? 'null');
  if (!Array.isArray(laps) || !laps.every((l) => Number.isInteger(l) && l >= 0)) throw new Error('bad laps');
  const raced = (laps as number[]).filter((l) => l > 0);
  if (raced.length < laps.length)
    issues.lap_before_start = (issues.lap_before_start ?? 0) + laps.length - raced.length;
  if (raced.length === 0) throw new Error('no race laps');
  return raced;
}

export const NEUTRALISATION_LOADERS = {
  'safety_cars.csv': async (db: Warehouse, records: CsvRow[]) => {
    const { rows, outcome } = await byRace(db, records, (r, raceId, period) => ({
      raceId,
      period,
      cause: str(r.Cause),
      deployedLap: req(int(r.Deployed), 'Deployed'),
      // "39.0" in the file: a lap number written as a float.
      retreatedLap: r.Retreated ? Math.round(req(num(r.Retreated), 'Retreated')) : null,
      fullLaps: int(r.FullLaps),
      source: 'ergast',
    }));
    await upsertRows(db, safetyCars, rows as never[]);
    return outcome;
  },
  /**
   * One row per VSC period: a run of consecutive laps under the VSC (rows = periods; a rejected record is
   * a whole race).
   */
  'virtual_safety_car_estimates.json': async (db: Warehouse, records: CsvRow[]) => {
    const dropped: Record<string, number> = {};
    const { rows, outcome } = await byRace(db, records, (r, raceId) =>
      lapRuns(vscLaps(r, dropped)).map(([firstLap, lastLap], i) => ({
        raceId,
        period: i + 1,
        firstLap,
        lastLap,
        source: 'ergast',
      })),
    );
    const periods = rows.flat();
    await upsertRows(db, virtualSafetyCars, periods);
    return { ...outcome, rows: periods.length, issues: { ...outcome.issues, ...dropped } };
  },
  'red_flags.csv': async (db: Warehouse, records: CsvRow[]) => {
    const { rows, outcome } = await byRace(db, records, (r, raceId, flag) => ({
      raceId,
      flag,
      lap: req(int(r.Lap), 'Lap'),
      // Y resumed, R restarted, S resumed from a standing start; N the race was not resumed.
      resumed: str(r.Resumed) !== 'N',
      incident: str(r.Incident),
      excluded: str(r.Excluded),
      source: 'ergast',
    }));
    await upsertRows(db, redFlags, rows as never[]);
    return outcome;
  },
};
