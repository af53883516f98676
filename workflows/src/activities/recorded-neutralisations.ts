import { redFlags, safetyCars } from '@pitwall/db/schema/warehouse';
import { eq } from 'drizzle-orm';
import type { RecordedNeutralisation } from '../analyses/clean-laps.ts';
import type { Warehouse } from '../warehouse.ts';

/**
 * One race's recorded safety cars and red flags by lap (the Ergast dump's records), for lap rows that
 * carry no track status of their own (see `withRecordedNeutralisations`). A safety car covers the laps
 * from its deployment to the lap it went in; a red flag the lap it was shown on.
 */
export async function recordedNeutralisations(
  db: Warehouse,
  raceId: number,
): Promise<RecordedNeutralisation[]> {
  const [scs, flags] = await Promise.all([
    db
      .select({ firstLap: safetyCars.deployedLap, lastLap: safetyCars.retreatedLap })
      .from(safetyCars)
      .where(eq(safetyCars.raceId, raceId)),
    db.select({ lap: redFlags.lap }).from(redFlags).where(eq(redFlags.raceId, raceId)),
  ]);
  return [
    ...scs.map((s) => ({ kind: 'sc' as const, ...s })),
    ...flags.map((f) => ({ kind: 'red' as const, firstLap: f.lap, lastLap: f.lap })),
  ];
}
