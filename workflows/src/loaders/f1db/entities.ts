import { circuits, constructors, drivers } from '@pitwall/db/schema/warehouse';
import { normalize } from '@pitwall/db/text';
import type { Warehouse } from '../../warehouse.ts';
import { ensureCircuit, ensureConstructor, ensureDriver } from '../entities.ts';
import { readEntity } from './source.ts';

/**
 * Maps f1db slugs (`max-verstappen`, `red-bull`, `interlagos`) to warehouse ids. An Ergast entity is
 * matched first, so f1db rows hang on the same ids as Ergast rows, and its `f1dbId` is set; only what
 * Ergast has never seen (a 2026 rookie, a new team or circuit) is created, with an id from 100000.
 */

/** f1db renamed these teams where Ergast kept one constructor; needed when no Ergast row says so. */
const TEAM_ALIASES: Record<string, string> = {
  'alfa-romeo': 'alfa',
  'kick-sauber': 'sauber',
  'racing-bulls': 'rb',
};
/** Two circuit records this close (km) are the same venue under two names. */
const SAME_VENUE_KM = 2;

type F1dbDriver = {
  firstName: string;
  lastName: string;
  abbreviation?: string | null;
  permanentNumber?: number | null;
  dateOfBirth?: string | null;
  nationalityCountryId?: string | null;
};
type F1dbConstructor = { name: string; countryId?: string | null };
type F1dbCircuit = {
  name: string;
  fullName?: string;
  placeName?: string | null;
  countryId?: string | null;
  latitude?: number | null;
  longitude?: number | null;
};

/** What Ergast says about a slot, used to match an f1db row to the Ergast entity in the same slot. */
export type Hint = { ergastId?: number };

const asRef = (slug: string) => slug.replaceAll('-', '_');

function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }) {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lng - a.lng) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

export async function createResolver(db: Warehouse, dataDir: string) {
  const cache = new Map<string, number>();
  const countries = new Map<string, Promise<{ name: string; demonym?: string } | undefined>>();
  const country = async (id: string | null | undefined) => {
    if (!id) return undefined;
    if (!countries.has(id)) countries.set(id, readEntity(dataDir, `countries/${id}`));
    return countries.get(id);
  };
  const load = async <T extends { id: number; f1dbId: string | null }>(rows: Promise<T[]>) => {
    const list = await rows;
    return { list, byF1db: new Map(list.flatMap((r) => (r.f1dbId ? [[r.f1dbId, r] as const] : []))) };
  };
  // Each slug is resolved once (`cache`), and each table read once, again only after a row was added to
  // it, instead of once per slug: a season names some fifty.
  const table = <T extends { id: number; f1dbId: string | null }>(read: () => Promise<T[]>) => {
    let known: ReturnType<typeof load<T>> | undefined;
    return {
      read: () => (known ??= load(read())),
      /** Forgets the rows when `id` is not among them, so the next read sees the row just added. */
      saw: async (id: number) => {
        if (known && !(await known).list.some((r) => r.id === id)) known = undefined;
      },
    };
  };
  const driverTable = table(() => db.select().from(drivers));
  const teamTable = table(() => db.select().from(constructors));
  const circuitTable = table(() => db.select().from(circuits));

  async function driver(slug: string, hint: Hint = {}): Promise<number> {
    const key = `drivers/${slug}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const known = await driverTable.read();
    const f = await readEntity<F1dbDriver>(dataDir, key);
    if (!f) throw new Error(`f1db has no driver ${slug}`);
    const surname = normalize(f.lastName);
    const match =
      known.byF1db.get(slug) ??
      // Same birthday and surname; otherwise the driver Ergast has in the same car in the same race.
      known.list.find(
        (d) => f.dateOfBirth && d.dob === String(f.dateOfBirth) && normalize(d.surname) === surname,
      ) ??
      known.list.find((d) => d.id === hint.ergastId);
    const nationality = (await country(f.nationalityCountryId))?.demonym ?? null;
    const id = await ensureDriver(db, {
      ref: match?.ref ?? asRef(slug),
      f1dbId: slug,
      forename: f.firstName,
      surname: f.lastName,
      code: f.abbreviation ?? null,
      number: f.permanentNumber ?? null,
      dob: f.dateOfBirth ? String(f.dateOfBirth) : null,
      nationality,
    });
    cache.set(key, id);
    await driverTable.saw(id);
    return id;
  }

  async function team(slug: string, hint: Hint = {}): Promise<number> {
    const key = `constructors/${slug}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const known = await teamTable.read();
    const ref = TEAM_ALIASES[slug] ?? asRef(slug);
    const match =
      known.byF1db.get(slug) ??
      known.list.find((c) => c.id === hint.ergastId) ??
      known.list.find((c) => c.ref === ref);
    const f = await readEntity<F1dbConstructor>(dataDir, key);
    const id = await ensureConstructor(db, {
      ref: match?.ref ?? ref,
      f1dbId: slug,
      name: f?.name ?? slug,
      nationality: (await country(f?.countryId))?.demonym ?? null,
    });
    cache.set(key, id);
    await teamTable.saw(id);
    return id;
  }

  async function circuit(slug: string, hint: Hint = {}): Promise<number> {
    const key = `circuits/${slug}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const known = await circuitTable.read();
    const f = await readEntity<F1dbCircuit>(dataDir, key);
    const at = f?.latitude != null && f.longitude != null ? { lat: f.latitude, lng: f.longitude } : undefined;
    const match =
      known.byF1db.get(slug) ??
      known.list.find((c) => c.id === hint.ergastId) ??
      known.list.find((c) => c.ref === asRef(slug)) ??
      (at
        ? known.list.find(
            (c) =>
              c.lat !== null && c.lng !== null && distanceKm(at, { lat: c.lat, lng: c.lng }) < SAME_VENUE_KM,
          )
        : undefined);
    const id = await ensureCircuit(db, {
      ref: match?.ref ?? asRef(slug),
      f1dbId: slug,
      name: f?.fullName ?? f?.name ?? slug,
      location: f?.placeName ?? null,
      country: (await country(f?.countryId))?.name ?? null,
      lat: at?.lat ?? null,
      lng: at?.lng ?? null,
    });
    cache.set(key, id);
    await circuitTable.saw(id);
    return id;
  }

  return { driver, team, circuit };
}

export type Resolver = Awaited<ReturnType<typeof createResolver>>;
