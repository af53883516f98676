import { circuits, constructors, drivers } from '@pitwall/db/schema/warehouse';
import { normalize } from '@pitwall/db/text';
import { eq, max } from 'drizzle-orm';
import type { Warehouse } from '../warehouse.ts';

/**
 * Finding or creating the people, teams and circuits that a source names. Ergast ids are kept; entities
 * Ergast does not know (new drivers, new teams) get ids from NEW_ENTITY_ID up, so they never collide with
 * an Ergast id a later dump may bring.
 */
export const NEW_ENTITY_ID = 100_000;

async function nextId(db: Warehouse, table: typeof drivers | typeof constructors | typeof circuits) {
  const [row] = await db.select({ top: max(table.id) }).from(table);
  return Math.max(NEW_ENTITY_ID, (row?.top ?? 0) + 1);
}

export type DriverIdentity = {
  /** Ergast/Jolpica driverRef (`max_verstappen`); for f1db-only drivers their slug with `_` for `-`. */
  ref: string;
  f1dbId?: string | null;
  forename: string;
  surname: string;
  code?: string | null;
  number?: number | null;
  dob?: string | null;
  nationality?: string | null;
};

/** The driver's id, matched by f1db id, then ref; created when neither is known. */
export async function ensureDriver(db: Warehouse, who: DriverIdentity): Promise<number> {
  const byF1db = who.f1dbId
    ? await db.query.drivers.findFirst({ where: eq(drivers.f1dbId, who.f1dbId) })
    : undefined;
  const existing = byF1db ?? (await db.query.drivers.findFirst({ where: eq(drivers.ref, who.ref) }));
  if (existing) {
    if (who.f1dbId && !existing.f1dbId) {
      await db.update(drivers).set({ f1dbId: who.f1dbId }).where(eq(drivers.id, existing.id));
    }
    return existing.id;
  }
  const id = await nextId(db, drivers);
  await db.insert(drivers).values({
    id,
    ref: who.ref,
    f1dbId: who.f1dbId ?? null,
    forename: who.forename,
    surname: who.surname,
    nameAscii: normalize(`${who.forename} ${who.surname}`),
    code: who.code ?? null,
    number: who.number ?? null,
    dob: who.dob ?? null,
    nationality: who.nationality ?? null,
  });
  return id;
}

export type ConstructorIdentity = {
  ref: string;
  f1dbId?: string | null;
  name: string;
  nationality?: string | null;
};

export async function ensureConstructor(db: Warehouse, team: ConstructorIdentity): Promise<number> {
  const byF1db = team.f1dbId
    ? await db.query.constructors.findFirst({ where: eq(constructors.f1dbId, team.f1dbId) })
    : undefined;
  const existing =
    byF1db ?? (await db.query.constructors.findFirst({ where: eq(constructors.ref, team.ref) }));
  if (existing) {
    if (team.f1dbId && !existing.f1dbId) {
      await db.update(constructors).set({ f1dbId: team.f1dbId }).where(eq(constructors.id, existing.id));
    }
    return existing.id;
  }
  const id = await nextId(db, constructors);
  await db.insert(constructors).values({
    id,
    ref: team.ref,
    f1dbId: team.f1dbId ?? null,
    name: team.name,
    nationality: team.nationality ?? null,
  });
  return id;
}

export type CircuitIdentity = {
  ref: string;
  f1dbId?: string | null;
  name: string;
  location?: string | null;
  country?: string | null;
  lat?: number | null;
  lng?: number | null;
};

export async function ensureCircuit(db: Warehouse, circuit: CircuitIdentity): Promise<number> {
  const byF1db = circuit.f1dbId
    ? await db.query.circuits.findFirst({ where: eq(circuits.f1dbId, circuit.f1dbId) })
    : undefined;
  const existing = byF1db ?? (await db.query.circuits.findFirst({ where: eq(circuits.ref, circuit.ref) }));
  if (existing) {
    if (circuit.f1dbId && !existing.f1dbId) {
      await db.update(circuits).set({ f1dbId: circuit.f1dbId }).where(eq(circuits.id, existing.id));
    }
    return existing.id;
  }
  const id = await nextId(db, circuits);
  await db.insert(circuits).values({
    id,
    ref: circuit.ref,
    f1dbId: circuit.f1dbId ?? null,
    name: circuit.name,
    location: circuit.location ?? null,
    country: circuit.country ?? null,
    lat: circuit.lat ?? null,
    lng: circuit.lng ?? null,
  });
  return id;
}
