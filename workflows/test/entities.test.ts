import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../src/entities/build.ts';
import type { CatalogData } from '../src/entities/catalog.ts';
import { extractEntities } from '../src/entities/extract.ts';
import { editDistance } from '../src/entities/fuzzy.ts';
import { resolveDriver, resolveEvent, resolveTeam } from '../src/entities/resolve.ts';

// A small hand-built world: enough history to make names ambiguous the way real F1 is.
const D: [string, string, string, string | null, number | null][] = [
  ['max_verstappen', 'Max', 'Verstappen', 'VER', 33],
  ['verstappen', 'Jos', 'Verstappen', null, null],
  ['vergne', 'Jean-Éric', 'Vergne', 'VER', 25],
  ['perez', 'Sergio', 'Pérez', 'PER', 11],
  ['hamilton', 'Lewis', 'Hamilton', 'HAM', 44],
  ['michael_schumacher', 'Michael', 'Schumacher', 'MSC', null],
  ['mick_schumacher', 'Mick', 'Schumacher', 'MSC', 47],
  ['ralf_schumacher', 'Ralf', 'Schumacher', 'SCH', null],
  ['raikkonen', 'Kimi', 'Räikkönen', 'RAI', 7],
  ['antonelli', 'Andrea Kimi', 'Antonelli', 'ANT', 12],
  ['hulkenberg', 'Nico', 'Hülkenberg', 'HUL', 27],
  ['rosberg', 'Nico', 'Rosberg', 'ROS', 6],
  ['alonso', 'Fernando', 'Alonso', 'ALO', 14],
  ['vettel', 'Sebastian', 'Vettel', 'VET', 5],
  ['sainz', 'Carlos', 'Sainz', 'SAI', 55],
  ['pace', 'Carlos', 'Pace', null, null],
  ['zhou', 'Guanyu', 'Zhou', 'ZHO', 24],
  ['tsunoda', 'Yuki', 'Tsunoda', 'TSU', 22],
  ['leclerc', 'Charles', 'Leclerc', 'LEC', 16],
  ['chilton', 'Max', 'Chilton', 'CHI', 4],
  ['gasly', 'Pierre', 'Gasly', 'GAS', 10],
];
const T = ['red_bull', 'toro_rosso', 'alphatauri', 'rb', 'sauber', 'alfa', 'force_india', 'racing_point'];
const TEAMS = [
  ...T,
  'aston_martin',
  'renault',
  'alpine',
  'mercedes',
  'ferrari',
  'mclaren',
  'williams',
  'haas',
];
const NAMES: Record<string, string> = { rb: 'RB F1 Team', alfa: 'Alfa Romeo', alphatauri: 'AlphaTauri' };
const C: [string, string, string, string][] = [
  ['interlagos', 'Autódromo José Carlos Pace', 'São Paulo', 'Brazil'],
  ['americas', 'Circuit of the Americas', 'Austin', 'USA'],
  ['rodriguez', 'Autódromo Hermanos Rodríguez', 'Mexico City', 'Mexico'],
  ['imola', 'Autodromo Enzo e Dino Ferrari', 'Imola', 'Italy'],
  ['monza', 'Autodromo Nazionale di Monza', 'Monza', 'Italy'],
  ['mugello', 'Autodromo Internazionale del Mugello', 'Mugello', 'Italy'],
  ['silverstone', 'Silverstone Circuit', 'Silverstone', 'UK'],
  ['spa', 'Circuit de Spa-Francorchamps', 'Spa', 'Belgium'],
  ['jeddah', 'Jeddah Corniche Circuit', 'Jeddah', 'Saudi Arabia'],
  ['yas_marina', 'Yas Marina Circuit', 'Abu Dhabi', 'UAE'],
  ['vegas', 'Las Vegas Strip Street Circuit', 'Las Vegas', 'United States'],
  ['miami', 'Miami International Autodrome', 'Miami', 'USA'],
];
const R: [number, string, string][] = [
  [2006, 'Brazilian Grand Prix', 'interlagos'],
  [2013, 'Brazilian Grand Prix', 'interlagos'],
  [2019, 'Brazilian Grand Prix', 'interlagos'],
  [2019, 'Mexican Grand Prix', 'rodriguez'],
  [2019, 'Italian Grand Prix', 'monza'],
  [2020, 'British Grand Prix', 'silverstone'],
  [2020, '70th Anniversary Grand Prix', 'silverstone'],
  [2020, 'Tuscan Grand Prix', 'mugello'],
  [2020, 'Italian Grand Prix', 'monza'],
  [2020, 'Emilia Romagna Grand Prix', 'imola'],
  [2022, 'Belgian Grand Prix', 'spa'],
  [2023, 'Saudi Arabian Grand Prix', 'jeddah'],
  [2023, 'Miami Grand Prix', 'miami'],
  [2023, 'British Grand Prix', 'silverstone'],
  [2023, 'Belgian Grand Prix', 'spa'],
  [2023, 'Italian Grand Prix', 'monza'],
  [2023, 'United States Grand Prix', 'americas'],
  [2023, 'Mexico City Grand Prix', 'rodriguez'],
  [2023, 'São Paulo Grand Prix', 'interlagos'],
  [2023, 'Las Vegas Grand Prix', 'vegas'],
  [2023, 'Abu Dhabi Grand Prix', 'yas_marina'],
  [2024, 'São Paulo Grand Prix', 'interlagos'],
  [2025, 'Emilia Romagna Grand Prix', 'imola'],
];
// [season, driver, team, number, wins]
const E: [number, string, string, number, number][] = [
  [2006, 'michael_schumacher', 'ferrari', 5, 7],
  [2006, 'ralf_schumacher', 'renault', 7, 0],
  [2006, 'raikkonen', 'mclaren', 3, 0],
  [2013, 'vettel', 'red_bull', 1, 13],
  [2013, 'vergne', 'toro_rosso', 18, 0],
  [2013, 'chilton', 'williams', 4, 0],
  [2016, 'rosberg', 'mercedes', 6, 9],
  [2016, 'max_verstappen', 'red_bull', 33, 1],
  [2019, 'raikkonen', 'alfa', 7, 0],
  [2019, 'perez', 'racing_point', 11, 0],
  [2020, 'gasly', 'alphatauri', 10, 1],
  [2022, 'mick_schumacher', 'haas', 47, 0],
  [2022, 'max_verstappen', 'red_bull', 1, 15],
  [2023, 'max_verstappen', 'red_bull', 1, 19],
  [2023, 'perez', 'red_bull', 11, 2],
  [2023, 'zhou', 'alfa', 24, 0],
  [2023, 'alonso', 'aston_martin', 14, 0],
  [2023, 'hamilton', 'mercedes', 44, 0],
  [2023, 'sainz', 'ferrari', 55, 1],
  [2023, 'leclerc', 'ferrari', 16, 0],
  [2023, 'tsunoda', 'alphatauri', 22, 0],
  [2023, 'hulkenberg', 'haas', 27, 0],
  [2024, 'tsunoda', 'rb', 22, 0],
  [2024, 'hulkenberg', 'haas', 27, 0],
  [2024, 'zhou', 'sauber', 24, 0],
  [2025, 'antonelli', 'mercedes', 12, 0],
  [2025, 'hamilton', 'ferrari', 44, 0],
  [2025, 'max_verstappen', 'red_bull', 1, 3],
];
const id = <T>(list: T[], pick: (x: T) => string, ref: string) => list.findIndex((x) => pick(x) === ref) + 1;
const data: CatalogData = {
  drivers: D.map(([ref, forename, surname, code, number], i) => ({
    id: i + 1,
    ref,
    forename,
    surname,
    code,
    number,
  })),
  constructors: TEAMS.map((ref, i) => ({ id: i + 1, ref, name: NAMES[ref] ?? ref.replace(/_/g, ' ') })),
  constructorSeasons: [{ season: 2024, constructorId: id(TEAMS, (t) => t, 'rb'), name: 'Visa Cash App RB' }],
  circuits: C.map(([ref, name, location, country], i) => ({ id: i + 1, ref, name, location, country })),
  races: R.map(([season, name, circuit], i) => ({
    id: i + 1,
    season,
    round: i + 1,
    name,
    circuitId: id(C, (c) => c[0], circuit),
    date: `${season}-01-01`,
  })),
  entries: E.map(([season, driver, team, number, wins]) => ({
    season,
    driverId: id(D, (d) => d[0], driver),
    constructorId: id(TEAMS, (t) => t, team),
    number,
    starts: 20,
    wins,
  })),
};
const catalog = buildCatalog(data);

const driverRefs = (text: string, season?: number) =>
  resolveDriver(catalog, text, { season }).candidates.map((c) => c.ref);
const top = (text: string, season?: number) => driverRefs(text, season)[0];

describe('drivers', () => {
  it.each([
    ['Max Verstappen', undefined, 'max_verstappen'],
    ['Verstappen', 2016, 'max_verstappen'],
    ['Verstappen', undefined, 'max_verstappen'],
    ['VER', 2023, 'max_verstappen'],
    ['ver', 2013, 'vergne'],
    ['Checo', 2023, 'perez'],
    ['perez', undefined, 'perez'],
    ['PÉREZ', undefined, 'perez'],
    ['Sergio Perez', undefined, 'perez'],
    ['hulkenberg', undefined, 'hulkenberg'],
    ['Hülkenberg', undefined, 'hulkenberg'],
    ['HULK', undefined, 'hulkenberg'],
    ['Lewis', undefined, 'hamilton'],
    ['Seb', undefined, 'vettel'],
    ['Vettel', undefined, 'vettel'],
    ['Nando', undefined, 'alonso'],
    ['Sainz', undefined, 'sainz'],
    ['Carlos', 2023, 'sainz'],
    ['Zhou', undefined, 'zhou'],
    ['Yuki', undefined, 'tsunoda'],
    ['Max', 2023, 'max_verstappen'],
    ['Max', undefined, 'max_verstappen'],
    ['Max', 2013, 'chilton'],
    ['Schumacher', 2006, 'michael_schumacher'],
    ['Schumacher', 2022, 'mick_schumacher'],
    ['Kimi', 2025, 'antonelli'],
    ['Kimi', 2019, 'raikkonen'],
    ['33', 2016, 'max_verstappen'],
    ['1', 2022, 'max_verstappen'],
    ['#44', undefined, 'hamilton'],
    ['Verstapen', undefined, 'max_verstappen'],
    ['Leclrec', undefined, 'leclerc'],
    ['Hamiltn', undefined, 'hamilton'],
  ])('%s (season %s) → %s', (text, season, ref) => {
    expect(top(text, season)).toBe(ref);
  });

  it('returns every candidate of an ambiguous name, ranked, with reasons', () => {
    const kimi = resolveDriver(catalog, 'Kimi');
    expect(kimi.ambiguous).toBe(true);
    expect(kimi.candidates.map((c) => c.ref).sort()).toEqual(['antonelli', 'raikkonen']);
    expect(kimi.candidates[0]?.reason).toContain('nickname "kimi"');
    const schumacher = resolveDriver(catalog, 'Schumacher', { season: 2006 });
    // Ralf raced in 2006 too: Michael ranks first, Ralf stays a contender.
    expect(schumacher.ambiguous).toBe(true);
    expect(schumacher.candidates.map((c) => c.ref).slice(0, 2)).toEqual([
      'michael_schumacher',
      'ralf_schumacher',
    ]);
    expect(
      resolveDriver(catalog, 'Nico')
        .candidates.map((c) => c.ref)
        .sort(),
    ).toEqual(['hulkenberg', 'rosberg']);
  });

  it('is decisive when the season settles it', () => {
    expect(resolveDriver(catalog, 'Schumacher', { season: 2022 }).ambiguous).toBe(false);
    expect(resolveDriver(catalog, 'Verstappen', { season: 2023 }).ambiguous).toBe(false);
    expect(resolveDriver(catalog, 'Kimi', { season: 2025 }).ambiguous).toBe(false);
    expect(resolveDriver(catalog, 'Checo', { season: 2023 }).candidates[0]?.inSeason).toBe(true);
  });

  it.each(['who', 'race', 'pace', 'won', 'Maxwell', 'Lando', 'Verstappenn Hamiltonn'])(
    '"%s" is nobody',
    (text) => {
      expect(driverRefs(text)).toEqual([]);
    },
  );

  it('"Carlos Pace" the driver is found by full name though "pace" alone is not', () => {
    expect(top('Carlos Pace')).toBe('pace');
  });
});

const team = (text: string, season?: number) => resolveTeam(catalog, text, { season }).candidates[0];
describe('teams', () => {
  it.each([
    ['Sauber', 2023, 'sauber', ['alfa']],
    ['Alfa Romeo', 2019, 'sauber', ['alfa']],
    ['Kick Sauber', 2024, 'sauber', ['sauber']],
    ['Stake', 2024, 'sauber', ['sauber']],
    ['Toro Rosso', 2023, 'racing_bulls', ['alphatauri']],
    ['AlphaTauri', 2020, 'racing_bulls', ['alphatauri']],
    ['VCARB', 2024, 'racing_bulls', ['rb']],
    ['Visa Cash App RB', 2024, 'racing_bulls', ['rb']],
    ['Racing Bulls', 2013, 'racing_bulls', ['toro_rosso']],
    ['Force India', 2023, 'aston_martin', ['aston_martin']],
    ['Racing Point', 2019, 'aston_martin', ['racing_point']],
    ['Renault', 2006, 'alpine', ['renault']],
    ['RBR', 2023, 'red_bull', ['red_bull']],
    ['Red Bull', 2013, 'red_bull', ['red_bull']],
    ['Merc', 2016, 'mercedes', ['mercedes']],
    ['Scuderia', 2023, 'ferrari', ['ferrari']],
    ['McLaren', 2006, 'mclaren', ['mclaren']],
    ['Williams', 2013, 'williams', ['williams']],
    ['Haas', 2022, 'haas', ['haas']],
  ])('%s (season %s) → %s %j', (text, season, lineage, refs) => {
    const match = team(text, season);
    expect(match?.lineage).toBe(lineage);
    expect(match?.constructors.map((c) => c.ref)).toEqual(refs);
  });

  it('without a season a team is its lineage under the current name', () => {
    expect(team('Toro Rosso')).toMatchObject({ lineage: 'racing_bulls', name: 'Racing Bulls' });
    expect(team('Toro Rosso')?.constructors.map((c) => c.ref)).toEqual(['toro_rosso', 'alphatauri', 'rb']);
    expect(team('Force India')).toMatchObject({ lineage: 'aston_martin', name: 'Aston Martin' });
    expect(team('Alfa Romeo')?.name).toBe('Kick Sauber');
  });

  it('names the team as it raced that season', () => {
    expect(team('Racing Bulls', 2024)?.name).toBe('Visa Cash App RB');
    expect(team('Sauber', 2023)?.name).toBe('Alfa Romeo');
  });

  it.each(['pace', 'team', 'who'])('"%s" is no team', (text) => {
    expect(resolveTeam(catalog, text).candidates).toEqual([]);
  });
});

const event = (text: string, season?: number) => resolveEvent(catalog, text, { season });
const eventNames = (text: string, season?: number) => event(text, season).candidates.map((c) => c.name);
describe('events', () => {
  it.each([
    ['Interlagos', 2023, 'São Paulo Grand Prix'],
    ['Brazil', 2023, 'São Paulo Grand Prix'],
    ['Brazilian GP', 2023, 'São Paulo Grand Prix'],
    ['Brazilian GP', 2019, 'Brazilian Grand Prix'],
    ['Sao Paulo', 2024, 'São Paulo Grand Prix'],
    ['Austin', 2023, 'United States Grand Prix'],
    ['COTA', 2023, 'United States Grand Prix'],
    ['US GP', 2023, 'United States Grand Prix'],
    ['Mexico', 2023, 'Mexico City Grand Prix'],
    ['Mexico', 2019, 'Mexican Grand Prix'],
    ['Mexico City', 2023, 'Mexico City Grand Prix'],
    ['Imola', 2020, 'Emilia Romagna Grand Prix'],
    ['Silverstone', 2023, 'British Grand Prix'],
    ['Spa', 2022, 'Belgian Grand Prix'],
    ['Monza', 2023, 'Italian Grand Prix'],
    ['Jeddah', 2023, 'Saudi Arabian Grand Prix'],
    ['Yas Marina', 2023, 'Abu Dhabi Grand Prix'],
    ['Vegas', 2023, 'Las Vegas Grand Prix'],
    ['Miami', 2023, 'Miami Grand Prix'],
    ['Italian', 2023, 'Italian Grand Prix'],
  ])('%s (season %s) → %s', (text, season, name) => {
    const [best] = event(text, season).candidates;
    expect(best?.name).toBe(name);
    expect(best?.races.map((r) => r.season)).toEqual([season]);
  });

  it('returns every race of an ambiguous place', () => {
    const italy = event('Italy', 2020);
    expect(italy.ambiguous).toBe(true);
    expect(italy.candidates.map((c) => c.name).sort()).toEqual([
      'Emilia Romagna Grand Prix',
      'Italian Grand Prix',
      'Tuscan Grand Prix',
    ]);
    expect(event('Silverstone', 2020).ambiguous).toBe(true);
  });

  it('without a season resolves to the event across seasons, under its newest name', () => {
    const brazil = event('Brazil').candidates[0];
    expect(brazil?.name).toBe('São Paulo Grand Prix');
    expect(brazil?.races.map((r) => r.season)).toEqual([2006, 2013, 2019, 2023, 2024]);
    expect(eventNames('Imola')[0]).toBe('Emilia Romagna Grand Prix');
    expect(eventNames('Silverstone')[0]).toBe('British Grand Prix');
  });

  it.each(['race', 'who', 'pace', 'Italian driver'])('"%s" is no event', (text) => {
    expect(eventNames(text)).toEqual([]);
  });
});

describe('questions', () => {
  const ask = (q: string, season?: number) => {
    const x = extractEntities(catalog, q, { season });
    return {
      season: x.season,
      drivers: x.drivers.map((m) => m.resolution.candidates[0]?.ref),
      teams: x.teams.map((m) => m.resolution.candidates[0]?.lineage),
      events: x.events.map((m) => m.resolution.candidates[0]?.name),
    };
  };

  it.each([
    [
      'Compare Checo and Max at Interlagos 2024',
      { season: 2024, drivers: ['perez', 'max_verstappen'], teams: [], events: ['São Paulo Grand Prix'] },
    ],
    [
      'Verstapen vs Hamiltn race pace at Silverstone 2023',
      { season: 2023, drivers: ['max_verstappen', 'hamilton'], teams: [], events: ['British Grand Prix'] },
    ],
    [
      'Who won the Brazilian GP in 2019 for Red Bull?',
      { season: 2019, drivers: [], teams: ['red_bull'], events: ['Brazilian Grand Prix'] },
    ],
    [
      'How did PER and HAM do at the US GP 2023',
      { drivers: ['perez', 'hamilton'], events: ['United States Grand Prix'] },
    ],
    ['Sauber pit stops at Monza 2023', { teams: ['sauber'], events: ['Italian Grand Prix'] }],
    ['car #44 vs car 1 in 2023', { drivers: ['hamilton', 'max_verstappen'] }],
    ['Charles Leclrec at Spa 2023', { drivers: ['leclerc'], events: ['Belgian Grand Prix'] }],
    ['Who won the race? What was the pace per lap in 33 laps?', { drivers: [], teams: [], events: [] }],
    ['max speed of Maxwell per lap', { drivers: [], teams: [], events: [] }],
    ['show us the gap, ver', { drivers: [], events: [] }],
    [
      'Mexico City Grand Prix 2023 Hülkenberg',
      { drivers: ['hulkenberg'], events: ['Mexico City Grand Prix'] },
    ],
  ])('%s', (q, expected) => {
    expect(ask(q)).toMatchObject(expected);
  });

  it('gives each word to one mention, longest phrase first', () => {
    const x = extractEntities(catalog, 'Max Verstappen at the Mexico City GP');
    expect(x.drivers).toHaveLength(1);
    expect(x.drivers[0]?.text).toBe('Max Verstappen');
    expect(x.events.map((e) => e.text)).toEqual(['Mexico City GP']);
  });

  it('keeps every candidate of an ambiguous mention', () => {
    const x = extractEntities(catalog, 'Kimi at Imola');
    expect(x.drivers[0]?.resolution.ambiguous).toBe(true);
    expect(x.seasons).toEqual([]);
  });
});

describe('edit distance', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('leclrec', 'leclerc', 2)).toBe(1);
    expect(editDistance('hamiltn', 'hamilton', 2)).toBe(1);
    expect(editDistance('verstapen', 'verstappen', 2)).toBe(1);
    expect(editDistance('alonso', 'sainz', 1)).toBe(2);
  });
});
