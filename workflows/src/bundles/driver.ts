import { BUNDLE_VERSION, type DriverBundle } from '@pitwall/db/contracts';
import { driverByRef, driverResultRows, driverSeasonStandings } from '@pitwall/db/queries/bundles';
import type { Warehouse } from '../warehouse.ts';
import { bundleSources, colourOf, fullName } from './common.ts';

type Tally = {
  races: number;
  points: number;
  wins: number;
  podiums: number;
  poles: number;
  fastestLaps: number;
};
const emptyTally = (): Tally => ({ races: 0, points: 0, wins: 0, podiums: 0, poles: 0, fastestLaps: 0 });
const r2 = (x: number) => Math.round(x * 100) / 100;

/**
 * A driver's career from the warehouse's classifications: identity, then per season the teams, races
 * (Grand Prix classifications the driver appears in; sprints add points only), race + sprint points,
 * wins, podiums, poles (starting from grid slot 1), fastest laps
 * and the championship position after the season's last round with standings; career totals, titles,
 * best finish, first and last race. Undefined for an unknown driver ref.
 */
export async function buildDriverBundle(db: Warehouse, ref: string): Promise<DriverBundle | undefined> {
  const driver = await driverByRef(db, ref);
  if (!driver) return undefined;
  const [rows, standings] = await Promise.all([
    driverResultRows(db, driver.id),
    driverSeasonStandings(db, driver.id),
  ]);
  const championship = new Map(standings.map((s) => [s.season, s]));
  const seasons = new Map<
    number,
    Tally & { teams: Map<string, { ref: string; name: string; colour: string }>; raceIds: Set<number> }
  >();
  const career = emptyTally();
  let bestFinish: number | null = null;
  const raced: { season: number; round: number; name: string }[] = [];
  for (const row of rows) {
    const s = seasons.get(row.season) ?? { ...emptyTally(), teams: new Map(), raceIds: new Set<number>() };
    seasons.set(row.season, s);
    s.points += row.points;
    career.points += row.points;
    if (row.session !== 'race') continue;
    if (!s.teams.has(row.constructor)) {
      s.teams.set(row.constructor, {
        ref: row.constructor,
        name: row.constructorName,
        colour: colourOf(row.constructor, row.colour),
      });
    }
    // A shared drive in the 1950s can list one driver twice in a race: count the race once, by best result.
    if (s.raceIds.has(row.raceId)) continue;
    s.raceIds.add(row.raceId);
    raced.push({ season: row.season, round: row.round, name: row.raceName });
    // Pole as the records count it: first on the starting grid (the fastest qualifier who takes a grid
    // penalty does not get it; in 2021 the sprint winner did).
    const pole = row.grid === 1;
    const add = {
      races: 1,
      wins: row.position === 1 ? 1 : 0,
      podiums: row.position !== null && row.position <= 3 ? 1 : 0,
      poles: pole ? 1 : 0,
      fastestLaps: row.fastestLapRank === 1 ? 1 : 0,
    };
    for (const t of [s, career]) {
      t.races += add.races;
      t.wins += add.wins;
      t.podiums += add.podiums;
      t.poles += add.poles;
      t.fastestLaps += add.fastestLaps;
    }
    if (row.position !== null && (bestFinish === null || row.position < bestFinish))
      bestFinish = row.position;
  }
  const seasonList = [...seasons.entries()]
    .sort(([a], [b]) => a - b)
    .map(([season, { teams, raceIds: _, ...tally }]) => ({
      season,
      teams: [...teams.values()],
      ...tally,
      points: r2(tally.points),
      position: championship.get(season)?.position ?? null,
      championshipPoints: championship.get(season)?.points ?? null,
    }));
  const sources = bundleSources(
    fullName(driver),
    rows.map((r): [string, string] => [r.source, 'results']),
  );
  return {
    version: BUNDLE_VERSION,
    type: 'driver',
    id: driver.ref,
    driver: {
      ref: driver.ref,
      code: driver.code,
      number: driver.number,
      forename: driver.forename,
      surname: driver.surname,
      name: fullName(driver),
      dob: driver.dob,
      nationality: driver.nationality,
    },
    seasons: seasonList,
    career: {
      ...career,
      points: r2(career.points),
      seasons: seasonList.length,
      championships: standings.filter((s) => s.complete && s.position === 1).length,
      bestFinish,
      firstRace: raced[0] ?? null,
      lastRace: raced.at(-1) ?? null,
    },
    sources,
  };
}
