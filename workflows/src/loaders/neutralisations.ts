import { races, redFlags, safetyCars } from '@pitwall/db/schema/warehouse';
import { normalize } from '@pitwall/db/text';
import type { Warehouse } from '../warehouse.ts';
import { type CsvRow, int, num, req, str } from './csv.ts';
import { upsertRows } from './upsert.ts';

/**
 * Safety cars and red flags from the Ergast dump (`safety_cars.csv`, `red_flags.csv`). Their rows name the
 * race as "YYYY Name" rather than by id, so each is matched to a race of that season by name; a row whose
 * race the warehouse does not hold is counted as rejected with that reason.
 */
type Outcome = { rows: number; flagged: number; rejected: number; issues: Record<string, number> };

async function raceIndex(db: Warehouse): Promise<Map<string, number>> {
  const rows = await db.select({ id: races.id, season: races.season, name: races.name }).from(races);
  return new Map(rows.map((r) => [`${r.season} ${normalize(r.name)}`, r.id]));
}

/** Groups rows by race (in file order) and numbers them within it: the period or flag ordinal. */
async function byRace<T>(db: Warehouse, records: CsvRow[], map: (r: CsvRow, raceId: number, n: number) => T) {
  const index = await raceIndex(db);
  const seen = new Map<number, number>();
  const rows: T[] = [];
  const issues: Record<string, number> = {};
  for (const record of records) {
    try {
      const raceId = index.get(normalize(req(str(record.Race), 'Race')));
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
