import { asc, eq } from 'drizzle-orm';
import { safetyCars, virtualSafetyCars } from '../schema/warehouse.ts';
import type { WarehouseDatabase } from './warehouse.ts';

/**
 * One neutralisation of a race: a safety car (`sc`) or a virtual safety car (`vsc`) period.
 * - `firstLap`: for a safety car the lap it was deployed on; for a VSC the first lap run under it.
 * - `lastLap`: for a safety car the lap it went in (null when the source does not say, e.g. the race
 *   finished behind it); for a VSC the last lap run under it. Both inclusive.
 * - `fullLaps`: full laps run behind the safety car, where the source counts them; null for a VSC.
 * - `cause`: the incident, where the source names it; null for a VSC.
 * - `period`: the ordinal within its kind (safety car 1, 2…; VSC 1, 2…), as stored.
 * VSC periods are estimates from lap-level track status (2015 on); safety cars come from the Ergast
 * dump (1973 on).
 */
export type NeutralisationPeriod = {
  kind: 'sc' | 'vsc';
  period: number;
  firstLap: number;
  lastLap: number | null;
  fullLaps: number | null;
  cause: string | null;
  source: string;
};

/** Every safety-car and virtual-safety-car period of a race, in lap order (safety car first on a tie). */
export async function neutralisationPeriods(
  db: WarehouseDatabase,
  raceId: number,
): Promise<NeutralisationPeriod[]> {
  const [sc, vsc] = await Promise.all([
    db.select().from(safetyCars).where(eq(safetyCars.raceId, raceId)).orderBy(asc(safetyCars.period)),
    db
      .select()
      .from(virtualSafetyCars)
      .where(eq(virtualSafetyCars.raceId, raceId))
      .orderBy(asc(virtualSafetyCars.period)),
  ]);
  const periods: NeutralisationPeriod[] = [
    ...sc.map((s) => ({
      kind: 'sc' as const,
      period: s.period,
      firstLap: s.deployedLap,
      lastLap: s.retreatedLap,
      fullLaps: s.fullLaps,
      cause: s.cause,
      source: s.source,
    })),
    ...vsc.map((v) => ({
      kind: 'vsc' as const,
      period: v.period,
      firstLap: v.firstLap,
      lastLap: v.lastLap,
      fullLaps: null,
      cause: null,
      source: v.source,
    })),
  ];
  return periods.sort(
    (a, b) => a.firstLap - b.firstLap || (a.kind === b.kind ? 0 : a.kind === 'sc' ? -1 : 1),
  );
}
