import { createHash } from 'node:crypto';
import { driverSeasons, drivers, type LapSession, races, results } from '@pitwall/db/schema/warehouse';
import { and, eq, gte, sql } from 'drizzle-orm';
import type { Warehouse } from '../../warehouse.ts';
import type { Classification } from './reconcile.ts';

/** Why a timing row could not be tied to a race and driver; counted per file, never silently dropped. */
export type RejectReason =
  | 'unknown_race'
  | 'race_not_classified'
  | 'unknown_driver'
  | 'duplicate'
  | 'no_lap_range'
  | 'bad_row';

/**
 * In-memory lookups built once per import, so mapping ~300k timing rows costs no queries. A race counts as
 * classified when it has race results; laps of an unclassified race cannot be checked (DNS, classified
 * laps) and are rejected as `race_not_classified` until results land (f1db adds 2025 R19+ and 2026).
 */
export type TimingRefs = {
  raceId: (season: number, round: number) => number | undefined;
  seasonOf: (raceId: number) => number | undefined;
  classified: (raceId: number) => boolean;
  classification: (raceId: number, driverId: number) => Classification | undefined;
  /** Car number (then driver code) → driver, preferring this race's results, then the season's entries. */
  driver: (raceId: number, number: number | null, code: string | null) => number | undefined;
};

/**
 * `fromSeason`: the earliest season any timing row can name. Results and driver seasons before it are
 * not read (the timing data starts in 2020; the results go back to 1950). `session`: whose classification
 * the laps are checked against, the Grand Prix's or the sprint's.
 */
export async function loadTimingRefs(
  db: Warehouse,
  fromSeason = 0,
  session: LapSession = 'race',
): Promise<TimingRefs> {
  const [raceRows, resultRows, seasonRows, driverRows] = await Promise.all([
    db.select({ id: races.id, season: races.season, round: races.round }).from(races),
    db
      .select({
        raceId: results.raceId,
        driverId: results.driverId,
        number: results.number,
        laps: results.laps,
        positionText: results.positionText,
        status: results.status,
      })
      .from(results)
      .innerJoin(races, eq(races.id, results.raceId))
      .where(and(eq(results.session, session), gte(races.season, fromSeason))),
    db.select().from(driverSeasons).where(gte(driverSeasons.season, fromSeason)),
    db.select({ id: drivers.id, code: drivers.code, number: drivers.number }).from(drivers),
  ]);
  const raceByKey = new Map(raceRows.map((r) => [`${r.season}/${r.round}`, r.id]));
  const seasonById = new Map(raceRows.map((r) => [r.id, r.season]));
  const codeById = new Map(driverRows.map((d) => [d.id, d.code]));

  const byRace = new Map<number, Map<number, Classification>>();
  const numberInRace = new Map<string, number>();
  // Season-wide fallbacks: a driver absent from one race's results (e.g. a DNS missing from the sheet).
  const numberInSeason = new Map<string, number>();
  const codeInSeason = new Map<string, number>();
  for (const r of resultRows) {
    const race = byRace.get(r.raceId) ?? new Map<number, Classification>();
    byRace.set(r.raceId, race);
    race.set(r.driverId, classificationOf(r));
    if (r.number !== null) numberInRace.set(`${r.raceId}/${r.number}`, r.driverId);
    const season = seasonById.get(r.raceId);
    if (season === undefined) continue;
    if (r.number !== null) numberInSeason.set(`${season}/${r.number}`, r.driverId);
    const code = codeById.get(r.driverId);
    if (code) codeInSeason.set(`${season}/${code}`, r.driverId);
  }
  for (const s of seasonRows) {
    if (s.number !== null) numberInSeason.set(`${s.season}/${s.number}`, s.driverId);
    if (s.code) codeInSeason.set(`${s.season}/${s.code}`, s.driverId);
  }
  return {
    raceId: (season, round) => raceByKey.get(`${season}/${round}`),
    seasonOf: (raceId) => seasonById.get(raceId),
    classified: (raceId) => byRace.has(raceId),
    classification: (raceId, driverId) => byRace.get(raceId)?.get(driverId),
    driver(raceId, number, code) {
      const season = seasonById.get(raceId);
      return (
        (number !== null ? numberInRace.get(`${raceId}/${number}`) : undefined) ??
        (number !== null ? numberInSeason.get(`${season}/${number}`) : undefined) ??
        (code ? codeInSeason.get(`${season}/${code}`) : undefined)
      );
    },
  };
}

/**
 * Ergast gives disqualified drivers 0 laps (2025 China: Leclerc, Hamilton, Gasly raced 56), so a
 * disqualification leaves the classified lap count unknown rather than zero. `W` (withdrawn) means the
 * driver never took the start.
 */
function classificationOf(r: { laps: number; positionText: string; status: string }): Classification {
  const disqualified = r.positionText === 'D';
  return {
    laps: disqualified && r.laps === 0 ? null : r.laps,
    started: !(r.positionText === 'W' || /did not start/i.test(r.status)),
  };
}

/**
 * A digest of the reference rows timing maps against (races, race and sprint results, drivers, driver seasons, the
 * OpenF1 keys this importer sets): when another importer adds results, the next run re-maps the laps.
 */
export async function referenceFingerprint(db: Warehouse): Promise<string> {
  const row = await db.get<Record<string, number | string>>(sql`select
    (select count(*) from races) as races,
    (select count(*) from races where openf1_meeting_key is not null) as meetings,
    (select count(*) from results where session = 'race') as results,
    (select total(laps) + total(driver_id) + total(coalesce(number, 0)) from results where session = 'race') as resultSum,
    (select count(*) || '/' || total(laps) + total(driver_id) from results where session = 'sprint') as sprintResults,
    (select count(*) from drivers) as drivers,
    (select count(*) from driver_seasons) as driverSeasons,
    (select count(*) from sessions where openf1_session_key is not null) as sessions`);
  return createHash('sha256').update(JSON.stringify(row)).digest('hex');
}
