import { BUNDLE_VERSION, type RaceBundle } from '@pitwall/db/contracts';
import {
  raceClassifications,
  raceDetail,
  raceEntrants,
  raceQualifying,
  raceSessions,
  raceStartingGrid,
  raceTeams,
  raceWeather,
} from '@pitwall/db/queries/bundles';
import { raceLaps, raceStints } from '@pitwall/db/queries/laps';
import { racePitStops } from '@pitwall/db/queries/standings';
import type { Warehouse } from '../warehouse.ts';
import { bundleSources, colourOf, fullName } from './common.ts';

const bool = (v: boolean | null | undefined) => (v === undefined ? null : v);

/**
 * Everything the warehouse holds about one race: the event and its sessions, race and sprint
 * classifications, qualifying, the starting grid, every lap (flagged laps included, with their flag),
 * tyre stints, pit stops (pit-lane times), weather, and the providers of each part. Times in ms.
 * Undefined when the calendar has no such race.
 */
export async function buildRaceBundle(
  db: Warehouse,
  season: number,
  round: number,
): Promise<RaceBundle | undefined> {
  const race = await raceDetail(db, season, round);
  if (!race) return undefined;
  const [sessionRows, classified, quali, grid, laps, stints, stops, weather, entrants, teams] =
    await Promise.all([
      raceSessions(db, race.id),
      raceClassifications(db, race.id),
      raceQualifying(db, race.id),
      raceStartingGrid(db, race.id),
      raceLaps(db, race.id, { includeFlagged: true }),
      raceStints(db, race.id, { includeFlagged: true }),
      racePitStops(db, season, round, { includeFlagged: true }),
      raceWeather(db, race.id),
      raceEntrants(db, [race.id]),
      raceTeams(db, season, [race.id]),
    ]);
  const result = ({ session: _, ...row }: (typeof classified)[number]) => row;
  const sources = bundleSources(`${season} round ${round}`, [
    ...classified.map((r): [string, string] => [r.source, `${r.session} results`]),
    ...quali.map((r): [string, string] => [r.source, 'qualifying']),
    ...grid.map((r): [string, string] => [r.source, 'starting grid']),
    ...laps.map((r): [string, string] => [r.source, 'laps']),
    ...stints.map((r): [string, string] => [r.source, 'stints']),
    ...stops.map((r): [string, string] => [r.source, 'pit stops']),
    ...(weather ? [[weather.source, 'weather'] as [string, string]] : []),
  ]);
  return {
    version: BUNDLE_VERSION,
    type: 'race',
    id: `${season}-${round}`,
    race: {
      season: race.season,
      round: race.round,
      name: race.name,
      date: race.date,
      time: race.time,
      laps: race.laps,
      sprintWeekend: race.sprintWeekend,
      circuit: race.circuit,
    },
    sessions: sessionRows,
    drivers: entrants.map((d) => ({ ref: d.ref, code: d.code, name: fullName(d) })),
    constructors: teams.map((t) => ({ ref: t.ref, name: t.name, colour: colourOf(t.ref, t.colour) })),
    results: {
      race: classified.filter((r) => r.session === 'race').map(result),
      sprint: classified.filter((r) => r.session === 'sprint').map(result),
    },
    qualifying: quali,
    startingGrid: grid,
    laps: laps.map((l) => ({
      driver: l.driverRef,
      lap: l.lap,
      position: l.position,
      timeMs: l.timeMs,
      sector1Ms: l.sector1Ms,
      sector2Ms: l.sector2Ms,
      sector3Ms: l.sector3Ms,
      compound: l.compound,
      tyreLife: l.tyreLife,
      stint: l.stint,
      pitIn: bool(l.pitIn),
      pitOut: bool(l.pitOut),
      trackStatus: l.trackStatus,
      endTimeMs: l.endTimeMs,
      flag: l.flag,
      source: l.source,
    })),
    stints: stints.map((s) => ({
      driver: s.driverRef,
      stint: s.stint,
      compound: s.compound,
      lapStart: s.lapStart,
      lapEnd: s.lapEnd,
      tyreAgeAtStart: s.tyreAgeAtStart,
      fresh: s.fresh,
      flag: s.flag,
      source: s.source,
    })),
    pitStops: stops.map((p) => ({
      driver: p.driverRef,
      stop: p.stop,
      lap: p.lap,
      durationMs: p.durationMs,
      flag: p.flag,
      source: p.source,
    })),
    weather: weather
      ? {
          airTempMin: weather.airTempMin,
          airTempMean: weather.airTempMean,
          airTempMax: weather.airTempMax,
          trackTempMin: weather.trackTempMin,
          trackTempMean: weather.trackTempMean,
          trackTempMax: weather.trackTempMax,
          rainfall: weather.rainfall,
          humidityMean: weather.humidityMean,
          windSpeedMean: weather.windSpeedMean,
          source: weather.source,
        }
      : null,
    sources,
  };
}
