import type {
  Catalog,
  CatalogData,
  ConstructorEntry,
  DriverEntry,
  EventGroup,
  RaceEntry,
} from './catalog.ts';
import { buildKeys, eventGroupOf, fold } from './keys.ts';
import { buildLineages } from './lineages.ts';

/** Builds the catalog and its phrase index from rows; pure, so tests can hand it a tiny world. */
export function buildCatalog(data: CatalogData): Catalog {
  const latestSeason = Math.max(0, ...data.races.map((r) => r.season));
  const driverMap = new Map<number, DriverEntry>();
  for (const d of data.drivers) {
    driverMap.set(d.id, {
      id: d.id,
      ref: d.ref,
      name: `${d.forename} ${d.surname}`,
      code: d.code,
      number: d.number,
      seasons: new Map(),
      lastSeason: 0,
      starts: 0,
      wins: 0,
    });
  }
  const constructorMap = new Map<number, ConstructorEntry>();
  for (const c of data.constructors) constructorMap.set(c.id, { ...c, seasons: new Map() });
  for (const e of data.entries) {
    const driver = driverMap.get(e.driverId);
    if (driver) {
      const season = driver.seasons.get(e.season) ?? { numbers: new Set(), constructorIds: new Set() };
      if (e.number !== null) season.numbers.add(e.number);
      season.constructorIds.add(e.constructorId);
      driver.seasons.set(e.season, season);
      driver.lastSeason = Math.max(driver.lastSeason, e.season);
      driver.starts += Number(e.starts);
      driver.wins += Number(e.wins);
    }
    const team = constructorMap.get(e.constructorId);
    if (team && !team.seasons.has(e.season)) team.seasons.set(e.season, team.name);
  }
  for (const s of data.constructorSeasons) constructorMap.get(s.constructorId)?.seasons.set(s.season, s.name);

  const numbers = new Map<number, DriverEntry[]>();
  const addNumber = (n: number, d: DriverEntry) => {
    const list = numbers.get(n) ?? [];
    if (!list.includes(d)) list.push(d);
    numbers.set(n, list);
  };
  for (const d of driverMap.values()) {
    if (d.number !== null) addNumber(d.number, d);
    for (const s of d.seasons.values()) for (const n of s.numbers) addNumber(n, d);
  }

  const { races: raceEntries, events, byCircuit, byCountry } = buildEvents(data);
  const lineages = buildLineages(constructorMap, latestSeason);
  const catalog = {
    drivers: driverMap,
    constructors: constructorMap,
    lineages,
    races: raceEntries,
    racesByCircuit: byCircuit,
    racesByCountry: byCountry,
    events,
  };
  return {
    ...catalog,
    numbers,
    latestSeason,
    keys: buildKeys(data, catalog),
  };
}

function buildEvents(data: CatalogData) {
  const circuitMap = new Map(data.circuits.map((c) => [c.id, c]));
  const groupOf = new Map<string, string>();
  const byCircuit = new Map<number, RaceEntry[]>();
  const byCountry = new Map<string, RaceEntry[]>();
  const push = <K>(map: Map<K, RaceEntry[]>, key: K, race: RaceEntry) =>
    map.set(key, [...(map.get(key) ?? []), race]);
  const events = new Map<string, EventGroup>();
  const raceEntries: RaceEntry[] = [];
  const sorted = [...data.races].sort((a, b) => a.season - b.season || a.round - b.round);
  for (const race of sorted) {
    const circuit = circuitMap.get(race.circuitId);
    if (!circuit) continue;
    const group = groupOf.get(race.name) ?? eventGroupOf(race.name);
    groupOf.set(race.name, group);
    const entry = { ...race, circuit, group };
    raceEntries.push(entry);
    push(byCircuit, circuit.id, entry);
    push(byCountry, fold(circuit.country ?? ''), entry);
    const event: EventGroup = events.get(group) ?? { key: group, name: race.name, races: [] };
    event.races.push(entry);
    event.name = race.name;
    events.set(group, event);
  }
  return { races: raceEntries, events, byCircuit, byCountry };
}
