import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { teamColour } from '@pitwall/db/contracts';
import { constructors, drivers, races, results } from '@pitwall/db/schema/warehouse';
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type {
  DriverInfo,
  PitStopInput,
  QualifyingInput,
  ResultInput,
  SeasonRaceInput,
} from '../../src/analyses/types.ts';
import { type CsvRow, int, num, parseCsv, parseDuration } from '../../src/loaders/csv.ts';
import type { Warehouse } from '../../src/warehouse.ts';

/**
 * Builds the analyses' pure inputs from the real Ergast data: race classifications from a warehouse the
 * test imported the dump into; qualifying, sprints, pit stops and standings straight from the dump's CSVs,
 * so these tests do not wait on those tables' importer.
 */
export class RealData {
  private csvCache = new Map<string, CsvRow[]>();
  private driverRefs = new Map<number, string>();
  private teamRefs = new Map<number, string>();
  readonly teamNames = new Map<string, string>();
  private statusText = new Map<string, string>();

  private constructor(
    private readonly db: Warehouse,
    private readonly ergastDir: string,
  ) {}

  static async open(db: Warehouse, ergastDir: string) {
    const data = new RealData(db, ergastDir);
    for (const d of await db.select({ id: drivers.id, ref: drivers.ref }).from(drivers))
      data.driverRefs.set(d.id, d.ref);
    for (const c of await db.select().from(constructors)) {
      data.teamRefs.set(c.id, c.ref);
      data.teamNames.set(c.ref, c.name);
    }
    data.statusText = new Map(data.csv('status.csv').map((r) => [r.statusId ?? '', r.status ?? '']));
    return data;
  }

  csv(file: string): CsvRow[] {
    let rows = this.csvCache.get(file);
    if (!rows) {
      rows = parseCsv(readFileSync(join(this.ergastDir, file)));
      this.csvCache.set(file, rows);
    }
    return rows;
  }

  private driverRef = (id: string | undefined) => this.driverRefs.get(int(id) ?? -1) ?? `driver-${id}`;
  private teamRef = (id: string | undefined) => this.teamRefs.get(int(id) ?? -1) ?? `team-${id}`;

  /** Every race with results in the seasons `from`..`to`, in calendar order, with its Ergast raceId. */
  async seasons(from: number, to = from): Promise<(SeasonRaceInput & { raceId: number })[]> {
    const rows = await this.db
      .select({
        raceId: races.id,
        season: races.season,
        round: races.round,
        name: races.name,
        driverRef: drivers.ref,
        teamRef: constructors.ref,
        grid: results.grid,
        position: results.position,
        positionText: results.positionText,
        positionOrder: results.positionOrder,
        points: results.points,
        laps: results.laps,
        timeMs: results.timeMs,
        status: results.status,
        fastestLapRank: results.fastestLapRank,
        fastestLapTimeMs: results.fastestLapTimeMs,
      })
      .from(results)
      .innerJoin(races, eq(races.id, results.raceId))
      .innerJoin(drivers, eq(drivers.id, results.driverId))
      .innerJoin(constructors, eq(constructors.id, results.constructorId))
      .where(and(eq(results.session, 'race'), gte(races.season, from), lte(races.season, to)))
      .orderBy(asc(races.season), asc(races.round), asc(results.positionOrder));
    const byRace = new Map<number, SeasonRaceInput & { raceId: number }>();
    for (const { raceId, season, round, name, driverRef, teamRef, ...r } of rows) {
      let race = byRace.get(raceId);
      if (!race) {
        race = {
          raceId,
          race: { season, round, name, laps: null },
          results: [],
          sprintResults: [],
          qualifying: [],
        };
        byRace.set(raceId, race);
      }
      race.results.push({ driver: driverRef, teamRef, ...r });
    }
    for (const r of this.csv('sprint_results.csv')) {
      byRace.get(int(r.raceId) ?? -1)?.sprintResults.push(this.csvResult(r));
    }
    for (const r of this.csv('qualifying.csv')) {
      byRace.get(int(r.raceId) ?? -1)?.qualifying.push(this.csvQualifying(r));
    }
    return [...byRace.values()];
  }

  private csvResult(r: CsvRow): ResultInput {
    return {
      driver: this.driverRef(r.driverId),
      teamRef: this.teamRef(r.constructorId),
      grid: int(r.grid) ?? 0,
      position: int(r.position),
      positionText: r.positionText ?? '',
      positionOrder: int(r.positionOrder) ?? 0,
      points: num(r.points) ?? 0,
      laps: int(r.laps) ?? 0,
      timeMs: int(r.milliseconds),
      status: this.statusText.get(r.statusId ?? '') ?? 'Unknown',
      fastestLapRank: int(r.rank),
      fastestLapTimeMs: parseDuration(r.fastestLapTime),
    };
  }

  private csvQualifying(r: CsvRow): QualifyingInput {
    return {
      driver: this.driverRef(r.driverId),
      teamRef: this.teamRef(r.constructorId),
      position: int(r.position),
      q1Ms: parseDuration(r.q1),
      q2Ms: parseDuration(r.q2),
      q3Ms: parseDuration(r.q3),
    };
  }

  pitStops(raceId: number): PitStopInput[] {
    return this.csv('pit_stops.csv')
      .filter((r) => int(r.raceId) === raceId)
      .map((r) => ({
        driver: this.driverRef(r.driverId),
        stop: int(r.stop) ?? 0,
        lap: int(r.lap) ?? 0,
        durationMs: int(r.milliseconds),
      }));
  }

  /** Driver standings after a race, as Ergast publishes them. */
  driverStandings(raceId: number) {
    return this.csv('driver_standings.csv')
      .filter((r) => int(r.raceId) === raceId)
      .map((r) => ({
        driver: this.driverRef(r.driverId),
        position: int(r.position) ?? 0,
        points: num(r.points) ?? 0,
      }));
  }

  /** Labels for everyone in the given races, each under the last team they raced for. */
  driverInfo(seasonRaces: SeasonRaceInput[]): DriverInfo[] {
    const team = new Map<string, string>();
    for (const { results: rs } of seasonRaces) for (const r of rs) team.set(r.driver, r.teamRef);
    const names = new Map(this.csv('drivers.csv').map((d) => [d.driverRef ?? '', d]));
    return [...team].map(([ref, teamRef]) => {
      const d = names.get(ref);
      return {
        ref,
        code: d?.code && d.code !== '\\N' ? d.code : ref.slice(0, 3).toUpperCase(),
        name: `${d?.forename ?? ''} ${d?.surname ?? ref}`.trim(),
        teamRef,
        teamName: this.teamNames.get(teamRef) ?? teamRef,
        colour: teamColour(teamRef),
      };
    });
  }
}
