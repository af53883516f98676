import { drivers, pitStops, redFlags, safetyCars, virtualSafetyCars } from '@pitwall/db/schema/warehouse';
import { and, asc, eq } from 'drizzle-orm';
import type { RedFlagInput, SafetyCarInput, VscInput } from '../analyses/neutralisations.ts';
import type { PitStopInput } from '../analyses/types.ts';
import type { Warehouse } from '../warehouse.ts';

/**
 * One race's recorded safety-car periods, red flags and estimated VSC periods, in order, as the
 * neutralisations analysis takes them, with the stops made while the race was suspended: the warehouse flags those (`red_flag_stop`,
 * their pit-lane time is the stoppage) and keeps them out of pit-stop analyses, but they are who changed
 * tyres under the red flag.
 */
export async function raceNeutralisations(
  db: Warehouse,
  raceId: number,
): Promise<{
  safetyCars: SafetyCarInput[];
  redFlags: RedFlagInput[];
  vsc: VscInput[];
  redFlagStops: PitStopInput[];
}> {
  const [scs, flags, vsc, stops] = await Promise.all([
    db
      .select({
        deployedLap: safetyCars.deployedLap,
        retreatedLap: safetyCars.retreatedLap,
        cause: safetyCars.cause,
      })
      .from(safetyCars)
      .where(eq(safetyCars.raceId, raceId))
      .orderBy(asc(safetyCars.period)),
    db
      .select({ lap: redFlags.lap, resumed: redFlags.resumed, incident: redFlags.incident })
      .from(redFlags)
      .where(eq(redFlags.raceId, raceId))
      .orderBy(asc(redFlags.flag)),
    db
      .select({ firstLap: virtualSafetyCars.firstLap, lastLap: virtualSafetyCars.lastLap })
      .from(virtualSafetyCars)
      .where(eq(virtualSafetyCars.raceId, raceId))
      .orderBy(asc(virtualSafetyCars.period)),
    db
      .select({
        driver: drivers.ref,
        stop: pitStops.stop,
        lap: pitStops.lap,
        durationMs: pitStops.durationMs,
      })
      .from(pitStops)
      .innerJoin(drivers, eq(drivers.id, pitStops.driverId))
      .where(and(eq(pitStops.raceId, raceId), eq(pitStops.flag, 'red_flag_stop'))),
  ]);
  return { safetyCars: scs, redFlags: flags, vsc, redFlagStops: stops };
}
