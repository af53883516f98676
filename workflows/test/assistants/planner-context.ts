import type { RaceRow } from '@pitwall/db/queries/warehouse';
import type { PlannerContext } from '../../src/assistants/builtin-planner.ts';
import { buildCatalog } from '../../src/entities/build.ts';
import type { CatalogData } from '../../src/entities/catalog.ts';

/** A hand-built world just large enough to resolve names and to make "Schumacher" ambiguous in 2024. */
const drivers: [string, string, string][] = [
  ['max_verstappen', 'Max', 'Verstappen'],
  ['norris', 'Lando', 'Norris'],
  ['michael_schumacher', 'Michael', 'Schumacher'],
  ['mick_schumacher', 'Mick', 'Schumacher'],
];
const teams = ['red_bull', 'mclaren', 'ferrari', 'haas'];
const data: CatalogData = {
  drivers: drivers.map(([ref, forename, surname], i) => ({
    id: i + 1,
    ref,
    forename,
    surname,
    code: null,
    number: null,
  })),
  constructors: teams.map((ref, i) => ({ id: i + 1, ref, name: ref === 'red_bull' ? 'Red Bull' : ref })),
  constructorSeasons: [],
  circuits: [
    {
      id: 1,
      ref: 'interlagos',
      name: 'Autódromo José Carlos Pace',
      location: 'São Paulo',
      country: 'Brazil',
    },
    { id: 2, ref: 'monza', name: 'Autodromo Nazionale di Monza', location: 'Monza', country: 'Italy' },
  ],
  races: [
    { id: 1, season: 2024, round: 16, name: 'Italian Grand Prix', circuitId: 2, date: '2024-09-01' },
    { id: 2, season: 2024, round: 21, name: 'São Paulo Grand Prix', circuitId: 1, date: '2024-11-03' },
  ],
  entries: [
    { season: 2006, driverId: 3, constructorId: 3, number: 5, starts: 18, wins: 7 },
    { season: 2022, driverId: 4, constructorId: 4, number: 47, starts: 22, wins: 0 },
    { season: 2024, driverId: 1, constructorId: 1, number: 1, starts: 24, wins: 9 },
    { season: 2024, driverId: 2, constructorId: 2, number: 4, starts: 24, wins: 3 },
  ],
};

const circuitOf = (id: number) => data.circuits.find((c) => c.id === id);
const races: RaceRow[] = data.races.map((r) => ({
  id: r.id,
  season: r.season,
  round: r.round,
  name: r.name,
  date: r.date,
  circuitName: circuitOf(r.circuitId)?.name ?? '',
  circuitRef: circuitOf(r.circuitId)?.ref ?? '',
  location: circuitOf(r.circuitId)?.location ?? null,
  country: circuitOf(r.circuitId)?.country ?? null,
}));

export const plannerContext: PlannerContext = {
  latest: { season: 2024, round: 21 },
  catalog: buildCatalog(data),
  racesOf: async (season) => races.filter((r) => r.season === season),
};
