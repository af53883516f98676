import { createHash } from 'node:crypto';
import { imports, laps, pitStops, qualifying, races, results } from '@pitwall/db/schema/warehouse';
import { and, count, eq, inArray, max } from 'drizzle-orm';
import type { Warehouse } from '../warehouse.ts';
import { parseDuration } from './csv.ts';
import { ensureCircuit, ensureConstructor, ensureDriver, NEW_ENTITY_ID } from './entities.ts';
import type { Jolpica, RaceRef } from './http/jolpica.ts';
import type { JolpicaConstructor, JolpicaDriver } from './http/jolpica-schema.ts';
import { upsertRows } from './upsert.ts';

const SOURCE = 'jolpica';
/** Jolpica has lap-by-lap timing from 1996 and pit stops from 2011; earlier races legitimately lack them. */
const LAPS_FROM = 1996;
const PIT_STOPS_FROM = 2011;
/** A pit-lane time this long (ms) is a car parked in the lane under a red flag, not a pit stop. */
const RED_FLAG_STOP_MS = 5 * 60_000;

export type RacePart = 'race' | 'results' | 'qualifying' | 'laps' | 'pitStops';
export type EnsureRaceResult = {
  raceId: number;
  /** The parts fetched by this call, in order; empty when the warehouse already had everything. */
  fetched: RacePart[];
  /** Rows written per fetched part. */
  rows: Partial<Record<RacePart, number>>;
};

/**
 * Makes sure the warehouse holds one race's calendar row, classification, qualifying, laps and pit
 * stops, fetching from Jolpica only the parts it lacks (rows tagged `source = 'jolpica'`). Drivers,
 * constructors and the circuit are created when unknown. Times are stored in ms.
 */
export async function ensureRaceLoaded(
  db: Warehouse,
  ref: RaceRef,
  deps: { jolpica: Jolpica },
): Promise<EnsureRaceResult> {
  const { jolpica } = deps;
  const out: EnsureRaceResult = { raceId: 0, fetched: [], rows: {} };
  const record = (part: RacePart, rows: number) => {
    out.fetched.push(part);
    out.rows[part] = rows;
  };

  let race = await db.query.races.findFirst({
    where: and(eq(races.season, ref.season), eq(races.round, ref.round)),
  });
  if (!race) {
    const found = await jolpica.race(ref);
    if (!found) throw new Error(`Jolpica has no race ${ref.season} round ${ref.round}`);
    const c = found.Circuit;
    const circuitId = await ensureCircuit(db, {
      ref: c.circuitId,
      name: c.circuitName,
      location: c.Location.locality,
      country: c.Location.country,
      lat: c.Location.lat,
      lng: c.Location.long,
    });
    // Ergast race ids stay free for a later dump, like entity ids.
    const [top] = await db.select({ id: max(races.id) }).from(races);
    const id = Math.max(NEW_ENTITY_ID, (top?.id ?? 0) + 1);
    const row = {
      id,
      season: found.season,
      round: found.round,
      circuitId,
      name: found.raceName,
      date: found.date,
      time: found.time?.replace(/Z$/, '') ?? null,
      sprintWeekend: Boolean(found.Sprint),
    };
    await db.insert(races).values(row);
    race = { ...row, laps: null, openf1MeetingKey: null, f1dbId: null };
    record('race', 1);
  }
  const raceId = race.id;
  out.raceId = raceId;
  const timing = { endedAt: race.date };
  const has = async (table: typeof results | typeof qualifying | typeof laps | typeof pitStops) => {
    const [row] = await db.select({ n: count() }).from(table).where(eq(table.raceId, raceId));
    return (row?.n ?? 0) > 0;
  };

  const driverIds = new Map<string, number>();
  const constructorIds = new Map<string, number>();
  const driverId = async (d: JolpicaDriver) => {
    const known = driverIds.get(d.driverId);
    if (known !== undefined) return known;
    const id = await ensureDriver(db, {
      ref: d.driverId,
      forename: d.givenName,
      surname: d.familyName,
      code: d.code ?? null,
      number: d.permanentNumber ? Number(d.permanentNumber) : null,
      dob: d.dateOfBirth ?? null,
      nationality: d.nationality ?? null,
    });
    driverIds.set(d.driverId, id);
    return id;
  };
  const constructorId = async (t: JolpicaConstructor) => {
    const known = constructorIds.get(t.constructorId);
    if (known !== undefined) return known;
    const id = await ensureConstructor(db, {
      ref: t.constructorId,
      name: t.name,
      nationality: t.nationality,
    });
    constructorIds.set(t.constructorId, id);
    return id;
  };
  /** Driver ids for refs that laps and pit stops name without details; unknown ones come from /drivers. */
  const idsForRefs = async (refs: string[]) => {
    const wanted = [...new Set(refs)];
    const rows = await db.query.drivers.findMany({ where: (d) => inArray(d.ref, wanted) });
    for (const r of rows) driverIds.set(r.ref, r.id);
    if (wanted.some((r) => !driverIds.has(r))) {
      for (const d of await jolpica.drivers(ref)) await driverId(d);
    }
    return (r: string) => {
      const id = driverIds.get(r);
      if (id === undefined)
        throw new Error(`Jolpica names driver ${r} in ${ref.season}/${ref.round} but not in /drivers`);
      return id;
    };
  };

  if (!(await has(results))) {
    const { results: rows } = await jolpica.results(ref, timing);
    const mapped = [];
    for (const r of rows) {
      mapped.push({
        raceId,
        session: 'race' as const,
        // Jolpica's `position` is the finishing order for every row; positionText says if it counts.
        positionOrder: r.position,
        driverId: await driverId(r.Driver),
        constructorId: await constructorId(r.Constructor),
        number: r.number ?? null,
        grid: r.grid,
        position: /^\d+$/.test(r.positionText) ? r.position : null,
        positionText: r.positionText,
        points: r.points,
        laps: r.laps,
        // Time.time is a gap ("+5.155") except for the winner; millis is the driver's own total.
        timeMs: r.Time?.millis ?? null,
        status: r.status,
        fastestLap: r.FastestLap?.lap ?? null,
        fastestLapRank: r.FastestLap?.rank ?? null,
        fastestLapTimeMs: parseDuration(r.FastestLap?.Time?.time),
        source: SOURCE,
      });
    }
    await upsertRows(db, results, mapped);
    record('results', mapped.length);
  }

  if (!(await has(qualifying))) {
    const rows = await jolpica.qualifying(ref, timing);
    const mapped = [];
    for (const q of rows) {
      mapped.push({
        raceId,
        driverId: await driverId(q.Driver),
        constructorId: await constructorId(q.Constructor),
        number: q.number ?? null,
        position: q.position ?? null,
        q1Ms: parseDuration(q.Q1),
        q2Ms: parseDuration(q.Q2),
        q3Ms: parseDuration(q.Q3),
        source: SOURCE,
      });
    }
    await upsertRows(db, qualifying, mapped);
    record('qualifying', mapped.length);
  }

  if (ref.season >= LAPS_FROM && !(await has(laps))) {
    const rows = await jolpica.laps(ref, timing);
    const idOf = await idsForRefs(rows.map((r) => r.driverId));
    const classified = new Map(
      (
        await db
          .select({ driverId: results.driverId, laps: results.laps, status: results.status })
          .from(results)
          .where(and(eq(results.raceId, raceId), eq(results.session, 'race')))
      ).map((r) => [r.driverId, r]),
    );
    const mapped = rows.map((r) => {
      const id = idOf(r.driverId);
      const timeMs = parseDuration(r.time);
      const result = classified.get(id);
      const flag =
        result?.status === 'Did not start'
          ? 'did_not_start'
          : result && r.lap > result.laps
            ? 'beyond_classified_laps'
            : timeMs === null
              ? 'no_lap_time'
              : null;
      return { raceId, driverId: id, lap: r.lap, position: r.position ?? null, timeMs, source: SOURCE, flag };
    });
    await upsertRows(db, laps, mapped);
    record('laps', mapped.length);
  }

  if (ref.season >= PIT_STOPS_FROM && !(await has(pitStops))) {
    const rows = await jolpica.pitStops(ref, timing);
    const idOf = await idsForRefs(rows.map((r) => r.driverId));
    const mapped = rows.map((p) => {
      const durationMs = parseDuration(p.duration);
      return {
        raceId,
        driverId: idOf(p.driverId),
        stop: p.stop,
        lap: p.lap,
        timeOfDay: p.time,
        durationMs,
        source: SOURCE,
        flag: durationMs !== null && durationMs >= RED_FLAG_STOP_MS ? 'red_flag_stop' : null,
      };
    });
    await upsertRows(db, pitStops, mapped);
    record('pitStops', mapped.length);
  }
  if (out.fetched.length > 0) await recordLoad(db, ref, out);
  return out;
}

/**
 * Logs a load in `imports`, one dataset per race, like a staged-data import: `data status` lists it, and
 * the warehouse's data version (which keys the result cache) moves on. The checksum chains every load
 * of the race.
 */
async function recordLoad(db: Warehouse, ref: RaceRef, out: EnsureRaceResult) {
  const dataset = `jolpica/${ref.season}/${ref.round}`;
  const previous = await db.query.imports.findFirst({ where: eq(imports.dataset, dataset) });
  const written = Object.values(out.rows).reduce((sum, n) => sum + (n ?? 0), 0);
  const sha256 = createHash('sha256')
    .update(`${previous?.sha256 ?? ''}:${JSON.stringify(out.rows)}`)
    .digest('hex');
  await upsertRows(db, imports, [
    { dataset, rows: (previous?.rows ?? 0) + written, sha256, importedAt: new Date().toISOString() },
  ]);
}
