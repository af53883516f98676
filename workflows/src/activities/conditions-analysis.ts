import type { Plan } from '@pitwall/db/contracts';
import { seasonConditions, wetTyreLaps } from '@pitwall/db/queries/conditions';
import { raceLaps } from '@pitwall/db/queries/laps';
import type { RaceRow } from '@pitwall/db/queries/warehouse';
import { ApplicationFailure } from '@temporalio/activity';
import { SECTORS_SINCE, sectorAnalysis } from '../analyses/sectors.ts';
import type { AnalysisOutput, DriverInfo, RaceInfo } from '../analyses/types.ts';
import { raceWeather, seasonWeather, WEATHER_SINCE, WET_TYRES_SINCE } from '../analyses/weather.ts';
import type { Warehouse } from '../warehouse.ts';

const noData = (message: string) => ApplicationFailure.nonRetryable(message, 'NoData');

/**
 * Best sectors of one race: the named drivers (or teams), else the whole classified field. Sector times
 * come from OpenF1, 2023 on; an earlier race says so rather than answering something else.
 */
export async function sectorsOf(
  db: Warehouse,
  plan: Plan,
  race: RaceRow,
  input: { race: RaceInfo; drivers: DriverInfo[]; focus: DriverInfo[] },
): Promise<AnalysisOutput> {
  if (race.season < SECTORS_SINCE) {
    throw noData(
      `sector times and speed traps are in the data from ${SECTORS_SINCE} on (OpenF1), not for the ${race.season} ${race.name}`,
    );
  }
  const rows = await raceLaps(db, race.id);
  const laps = rows.map((l) => ({
    driver: l.driverRef,
    lap: l.lap,
    timeMs: l.timeMs,
    sector1Ms: l.sector1Ms,
    sector2Ms: l.sector2Ms,
    sector3Ms: l.sector3Ms,
    stSpeed: l.stSpeed,
  }));
  if (!laps.some((l) => l.sector1Ms !== null)) {
    throw noData(`there are no sector times for the ${race.season} ${race.name} in the data`);
  }
  const named = plan.drivers.length > 0 || plan.teams.length > 0;
  return sectorAnalysis({ race: input.race, drivers: named ? input.focus : input.drivers, laps });
}

/**
 * Weather of one race (a plan with a round) or of a season. Temperatures come from OpenF1 (2023 on), rain
 * from its weather feed where recorded, and wet or dry from the tyres run (2020 on).
 */
export async function weatherOf(db: Warehouse, plan: Plan): Promise<AnalysisOutput> {
  if (plan.season < WET_TYRES_SINCE) {
    throw noData(
      `the weather is in the data from ${WEATHER_SINCE} on, and wet or dry races (from the tyres run) from ${WET_TYRES_SINCE}; ${plan.season} is before that`,
    );
  }
  const races = await seasonConditions(db, plan.season, plan.round);
  if (plan.round !== undefined) {
    const race = races[0];
    if (!race) throw noData(`the warehouse has no ${plan.season} round ${plan.round}`);
    if (!race.hasLaps && !race.hasWeather)
      throw noData(`there is no weather or lap data for the ${race.season} ${race.name} yet`);
    const perDriver = new Map<
      string,
      { driver: string; intermediate: number; wet: number; laps: number[] }
    >();
    for (const l of await wetTyreLaps(db, race.raceId)) {
      const row = perDriver.get(l.driverRef) ?? {
        driver: l.driverName,
        intermediate: 0,
        wet: 0,
        laps: [],
      };
      if (l.compound === 'WET') row.wet += 1;
      else row.intermediate += 1;
      row.laps.push(l.lap);
      perDriver.set(l.driverRef, row);
    }
    return raceWeather({ race, wetTyreLaps: [...perDriver.values()] });
  }
  const held = races.filter((r) => r.hasLaps || r.hasWeather);
  if (held.length === 0) throw noData(`there is no weather or lap data for ${plan.season} yet`);
  return seasonWeather({ season: plan.season, races: held });
}
