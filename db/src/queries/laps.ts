import { and, asc, count, desc, eq, getTableColumns, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { DataFlag } from '../contracts/data-flags.ts';
import { drivers, type LapSession, laps, stints } from '../schema/warehouse.ts';
import type { WarehouseDatabase } from './warehouse.ts';

/**
 * Flags about the lap time only: the row's running position is still sound (FastF1 gives lap-1 positions
 * without a lap-1 time, for instance), so position counts keep these rows.
 */
export const TIME_ONLY_FLAGS: DataFlag[] = ['no_lap_time', 'openf1_lap1_offset'];

/** `session`: the Grand Prix (the default) or the sprint of the same weekend; the two never mix. */
export type FlagOptions = { includeFlagged?: boolean; session?: LapSession };

const unflagged = (column: typeof laps.flag | typeof stints.flag, includeFlagged = false): SQL | undefined =>
  includeFlagged ? undefined : isNull(column);

const driverColumns = { driverRef: drivers.ref, driverCode: drivers.code, surname: drivers.surname };

/**
 * Every lap of a race, by lap then running position. Times in ms (`timeMs`, `sector1Ms`…), speed traps in
 * km/h, `tyreLife` in laps on the set counting this one, `position` at the end of the lap. Flagged rows
 * (non-starters, unfinished laps, laps without a time, OpenF1 lap-1 times) are left out unless
 * `includeFlagged`; `source` says which feed gave the time and position. The Grand Prix's laps unless
 * `session` is `sprint`.
 */
export async function raceLaps(
  db: WarehouseDatabase,
  raceId: number,
  { includeFlagged = false, session = 'race' }: FlagOptions = {},
) {
  return db
    .select({ ...getTableColumns(laps), ...driverColumns })
    .from(laps)
    .innerJoin(drivers, eq(drivers.id, laps.driverId))
    .where(and(eq(laps.raceId, raceId), eq(laps.session, session), unflagged(laps.flag, includeFlagged)))
    .orderBy(asc(laps.lap), asc(laps.position), asc(laps.driverId));
}

/**
 * The tyre stints of a race, by driver then stint: first and last lap (inclusive), compound, tyre age at the
 * start in laps (0 = new), `fresh` (new set). Spurious one-lap stints are left out unless `includeFlagged`.
 * The Grand Prix's stints unless `session` is `sprint`.
 */
export async function raceStints(
  db: WarehouseDatabase,
  raceId: number,
  { includeFlagged = false, session = 'race' }: FlagOptions = {},
) {
  return db
    .select({ ...getTableColumns(stints), ...driverColumns })
    .from(stints)
    .innerJoin(drivers, eq(drivers.id, stints.driverId))
    .where(
      and(eq(stints.raceId, raceId), eq(stints.session, session), unflagged(stints.flag, includeFlagged)),
    )
    .orderBy(asc(stints.driverId), asc(stints.stint));
}

/**
 * Laps each driver led: the number of laps they were in position 1 at the end of the lap, most first.
 * Rows flagged as wrong about where the car was (non-starter, unfinished lap, not classified) are left out;
 * rows flagged only for their time (TIME_ONLY_FLAGS) count, so lap 1 is counted. Grand Prix laps unless
 * `session` is `sprint`.
 */
export async function lapsLed(db: WarehouseDatabase, raceId: number, session: LapSession = 'race') {
  return db
    .select({ driverId: laps.driverId, ...driverColumns, laps: count() })
    .from(laps)
    .innerJoin(drivers, eq(drivers.id, laps.driverId))
    .where(
      and(
        eq(laps.raceId, raceId),
        eq(laps.session, session),
        eq(laps.position, 1),
        or(isNull(laps.flag), inArray(laps.flag, TIME_ONLY_FLAGS)),
      ),
    )
    .groupBy(laps.driverId)
    .orderBy(desc(count()), asc(laps.driverId));
}
