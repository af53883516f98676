import { BUNDLE_VERSION, type SeasonBundle } from '@pitwall/db/contracts';
import {
  raceEntrants,
  raceTeams,
  seasonCalendar,
  seasonResultRows,
  seasonStandingRows,
} from '@pitwall/db/queries/bundles';
import { finalStandings } from '@pitwall/db/queries/standings';
import type { Warehouse } from '../warehouse.ts';
import { bundleSources, colourOf, fullName } from './common.ts';

/**
 * A season at a glance: the calendar (with which rounds have results and lap timing), the winner of
 * every round, both championships after the last round with standings, and per round and driver the
 * points scored (race + sprint) and the championship total. Undefined when the season has no races.
 */
export async function buildSeasonBundle(db: Warehouse, season: number): Promise<SeasonBundle | undefined> {
  const calendar = await seasonCalendar(db, season);
  if (calendar.length === 0) return undefined;
  const raceIds = calendar.map((r) => r.id);
  const [resultRows, standingRows, driverTable, constructorTable, entrants, teams] = await Promise.all([
    seasonResultRows(db, season),
    seasonStandingRows(db, season),
    finalStandings(db, season, 'drivers'),
    finalStandings(db, season, 'constructors'),
    raceEntrants(db, raceIds),
    raceTeams(db, season, raceIds),
  ]);

  // Points per round: what each driver scored (race + sprint) and the championship total after it.
  const scored = new Map<string, { round: number; driver: string; scored: number; total: number | null }>();
  const keyOf = (round: number, driver: string) => `${round}:${driver}`;
  for (const r of resultRows) {
    const key = keyOf(r.round, r.driver);
    const entry = scored.get(key) ?? { round: r.round, driver: r.driver, scored: 0, total: null };
    entry.scored += r.points;
    scored.set(key, entry);
  }
  for (const s of standingRows) {
    const key = keyOf(s.round, s.driver);
    const entry = scored.get(key) ?? { round: s.round, driver: s.driver, scored: 0, total: null };
    entry.total = s.points;
    scored.set(key, entry);
  }
  const pointsByRound = [...scored.values()]
    .map((e) => ({ ...e, scored: Math.round(e.scored * 100) / 100 }))
    .sort((a, b) => a.round - b.round || a.driver.localeCompare(b.driver));

  const sources = bundleSources(`${season} season`, [
    ...resultRows.map((r): [string, string] => [r.source, 'results']),
    ...driverTable.map((r): [string, string] => [r.source, 'standings']),
    ...constructorTable.map((r): [string, string] => [r.source, 'standings']),
  ]);
  return {
    version: BUNDLE_VERSION,
    type: 'season',
    id: String(season),
    season,
    calendar: calendar.map((r) => ({
      round: r.round,
      name: r.name,
      date: r.date,
      sprintWeekend: Boolean(r.sprintWeekend),
      circuit: { ref: r.circuitRef, name: r.circuitName, location: r.location, country: r.country },
      hasResults: Boolean(r.hasResults),
      hasLaps: Boolean(r.hasLaps),
    })),
    winners: resultRows
      .filter((r) => r.session === 'race' && r.position === 1)
      .map((r) => ({ round: r.round, driver: r.driver, constructor: r.constructor, grid: r.grid })),
    drivers: entrants.map((d) => ({ ref: d.ref, code: d.code, name: fullName(d) })),
    constructors: teams.map((t) => ({ ref: t.ref, name: t.name, colour: colourOf(t.ref, t.colour) })),
    standings: {
      afterRound: driverTable[0]?.round ?? constructorTable[0]?.round ?? null,
      drivers: driverTable.map((r) => ({
        position: r.position,
        positionText: r.positionText,
        driver: r.ref,
        points: r.points,
        wins: r.wins,
      })),
      constructors: constructorTable.map((r) => ({
        position: r.position,
        positionText: r.positionText,
        constructor: r.ref,
        points: r.points,
        wins: r.wins,
      })),
    },
    pointsByRound,
    sources,
  };
}
