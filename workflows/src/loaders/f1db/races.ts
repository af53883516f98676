import { races, sessions } from '@pitwall/db/schema/warehouse';
import { eq, max } from 'drizzle-orm';
import type { Warehouse } from '../../warehouse.ts';
import { NEW_ENTITY_ID } from '../entities.ts';
import type { Resolver } from './entities.ts';
import { type F1dbRace, readEntity } from './source.ts';

/**
 * Races and sessions from f1db `race.yml`. Ergast's race rows win: f1db only fills fields they lack
 * (laps, the f1db id, a sprint weekend the short 2025 rows do not mark) and creates the races Ergast has
 * not published yet, with ids from 100000 (f1db's own race ids overlap Ergast's, e.g. 1161).
 */

type SessionKind = (typeof sessions.$inferInsert)['kind'];

const at = (date: string | null | undefined, time: string | null | undefined) =>
  date ? (time ? `${date}T${time.length === 5 ? `${time}:00` : time}Z` : String(date)) : null;

/** The weekend's sessions with their UTC start (f1db times are UTC), as far as race.yml gives them. */
export function sessionsOf(race: F1dbRace): { kind: SessionKind; startsAt: string }[] {
  const slots: [SessionKind, string | null | undefined, string | null | undefined][] = [
    ['fp1', race.freePractice1Date, race.freePractice1Time],
    ['fp2', race.freePractice2Date, race.freePractice2Time],
    ['fp3', race.freePractice3Date, race.freePractice3Time],
    ['qualifying', race.qualifyingDate, race.qualifyingTime],
    ['sprint_qualifying', race.sprintQualifyingDate, race.sprintQualifyingTime],
    ['sprint', race.sprintRaceDate, race.sprintRaceTime],
    ['race', race.date, race.time],
  ];
  return slots.flatMap(([kind, date, time]) => {
    const startsAt = at(date, time);
    return startsAt ? [{ kind, startsAt }] : [];
  });
}

/** Finds or creates the warehouse race of each f1db race of a season; returns round → race id. */
export async function ensureRaces(
  db: Warehouse,
  dataDir: string,
  season: number,
  list: F1dbRace[],
  resolve: Resolver,
) {
  const existing = new Map(
    (await db.select().from(races).where(eq(races.season, season))).map((r) => [r.round, r] as const),
  );
  const ids = new Map<number, number>();
  for (const race of list) {
    const current = existing.get(race.round);
    const circuitId = await resolve.circuit(race.circuitId, { ergastId: current?.circuitId });
    if (current) {
      const patch: Partial<typeof races.$inferInsert> = {};
      if (current.laps === null && race.laps) patch.laps = race.laps;
      if (current.f1dbId === null) patch.f1dbId = String(race.id);
      if (!current.sprintWeekend && race.sprintRaceDate) patch.sprintWeekend = true;
      if (Object.keys(patch).length > 0) await db.update(races).set(patch).where(eq(races.id, current.id));
      ids.set(race.round, current.id);
      continue;
    }
    const [top] = await db.select({ id: max(races.id) }).from(races);
    const id = Math.max(NEW_ENTITY_ID, (top?.id ?? 0) + 1);
    const gp = await readEntity<{ fullName?: string; name: string }>(
      dataDir,
      `grands-prix/${race.grandPrixId}`,
    );
    await db.insert(races).values({
      id,
      season,
      round: race.round,
      circuitId,
      name: gp?.fullName ?? gp?.name ?? race.grandPrixId,
      date: String(race.date),
      time: race.time ? `${race.time}:00` : null,
      laps: race.laps ?? null,
      sprintWeekend: Boolean(race.sprintRaceDate),
      f1dbId: String(race.id),
    });
    ids.set(race.round, id);
  }
  // Sessions carry no source: keep any the warehouse has, add the ones it lacks.
  const rows = list.flatMap((race) =>
    sessionsOf(race).map((s) => ({ raceId: ids.get(race.round) ?? 0, ...s })),
  );
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insert(sessions)
      .values(rows.slice(i, i + 200))
      .onConflictDoNothing();
  }
  return ids;
}
