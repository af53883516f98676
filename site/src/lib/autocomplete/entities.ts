/**
 * The words the ask box completes. There is no entities API yet, so this list is curated by hand: the
 * drivers and teams of the 2018–2025 seasons and the Grands Prix of those calendars, which is what the
 * warehouse covers in depth. Words from the user's own questions are added at run time (see history.ts).
 */
export type EntityKind = 'driver' | 'team' | 'race' | 'season' | 'history';

export interface Entity {
  label: string;
  kind: EntityKind;
  /** Shown beside the label, e.g. a driver's team. */
  hint?: string;
}

const DRIVERS: [string, string][] = [
  ['Max Verstappen', 'Red Bull'],
  ['Lando Norris', 'McLaren'],
  ['Oscar Piastri', 'McLaren'],
  ['Charles Leclerc', 'Ferrari'],
  ['Lewis Hamilton', 'Ferrari'],
  ['George Russell', 'Mercedes'],
  ['Kimi Antonelli', 'Mercedes'],
  ['Fernando Alonso', 'Aston Martin'],
  ['Lance Stroll', 'Aston Martin'],
  ['Pierre Gasly', 'Alpine'],
  ['Franco Colapinto', 'Alpine'],
  ['Esteban Ocon', 'Haas'],
  ['Oliver Bearman', 'Haas'],
  ['Alexander Albon', 'Williams'],
  ['Carlos Sainz', 'Williams'],
  ['Yuki Tsunoda', 'Red Bull'],
  ['Liam Lawson', 'Racing Bulls'],
  ['Isack Hadjar', 'Racing Bulls'],
  ['Nico Hülkenberg', 'Sauber'],
  ['Gabriel Bortoleto', 'Sauber'],
  ['Jack Doohan', 'Alpine (2025)'],
  ['Sergio Pérez', 'Red Bull (2021–24)'],
  ['Valtteri Bottas', 'Mercedes, Alfa Romeo'],
  ['Daniel Ricciardo', 'Red Bull, Renault, McLaren'],
  ['Kevin Magnussen', 'Haas'],
  ['Zhou Guanyu', 'Alfa Romeo, Sauber'],
  ['Logan Sargeant', 'Williams'],
  ['Nyck de Vries', 'AlphaTauri (2023)'],
  ['Mick Schumacher', 'Haas (2021–22)'],
  ['Sebastian Vettel', 'Ferrari, Aston Martin'],
  ['Kimi Räikkönen', 'Ferrari, Alfa Romeo'],
  ['Nicholas Latifi', 'Williams'],
  ['Antonio Giovinazzi', 'Alfa Romeo'],
  ['Nikita Mazepin', 'Haas (2021)'],
  ['Romain Grosjean', 'Haas (2018–20)'],
  ['Daniil Kvyat', 'Toro Rosso, AlphaTauri'],
  ['Robert Kubica', 'Williams (2019)'],
  ['George Russell', 'Williams (2019–21)'],
];

const TEAMS = [
  'Red Bull',
  'McLaren',
  'Ferrari',
  'Mercedes',
  'Aston Martin',
  'Alpine',
  'Williams',
  'Haas',
  'Racing Bulls',
  'RB',
  'AlphaTauri',
  'Toro Rosso',
  'Sauber',
  'Alfa Romeo',
  'Renault',
  'Racing Point',
  'Force India',
];

const RACES = [
  'Australian Grand Prix',
  'Bahrain Grand Prix',
  'Saudi Arabian Grand Prix',
  'Chinese Grand Prix',
  'Japanese Grand Prix',
  'Miami Grand Prix',
  'Emilia Romagna Grand Prix',
  'Monaco Grand Prix',
  'Spanish Grand Prix',
  'Canadian Grand Prix',
  'Austrian Grand Prix',
  'British Grand Prix',
  'Belgian Grand Prix',
  'Hungarian Grand Prix',
  'Dutch Grand Prix',
  'Italian Grand Prix',
  'Azerbaijan Grand Prix',
  'Singapore Grand Prix',
  'United States Grand Prix',
  'Mexico City Grand Prix',
  'São Paulo Grand Prix',
  'Las Vegas Grand Prix',
  'Qatar Grand Prix',
  'Abu Dhabi Grand Prix',
  'French Grand Prix',
  'German Grand Prix',
  'Russian Grand Prix',
  'Portuguese Grand Prix',
  'Turkish Grand Prix',
  'Styrian Grand Prix',
  'Eifel Grand Prix',
  'Tuscan Grand Prix',
  'Sakhir Grand Prix',
  '70th Anniversary Grand Prix',
];

const SEASONS = [2025, 2024, 2023, 2022, 2021, 2020, 2019, 2018];

export const ENTITIES: readonly Entity[] = [
  // A driver who changed teams is listed once, with the first team shown.
  ...DRIVERS.filter(([name], i) => DRIVERS.findIndex(([other]) => other === name) === i).map(
    ([label, hint]): Entity => ({ label, kind: 'driver', hint }),
  ),
  ...TEAMS.map((label): Entity => ({ label, kind: 'team' })),
  ...RACES.map((label): Entity => ({ label, kind: 'race' })),
  ...SEASONS.map((year): Entity => ({ label: String(year), kind: 'season' })),
];
