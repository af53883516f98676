/**
 * Team lineages: one racing entry through its names and owners, with the seasons each name and each Ergast
 * constructor belonged to it (inclusive; an open end means "ever"). Phrases are compared after `normalize`.
 */
export type Era = { from?: number; to?: number };
export type LineageSpec = {
  key: string;
  /** The names the team raced under, oldest first; the one whose era holds the newest season is "current". */
  names: ({ name: string } & Era)[];
  /** The Ergast constructors of the lineage and the seasons each belonged to it. */
  members: ({ ref: string } & Era)[];
  /** Everything else people call the team. */
  aliases: string[];
};

/** Teams that changed name or owner but kept the factory and the entry. */
export const TEAM_LINEAGES: LineageSpec[] = [
  {
    key: 'red_bull',
    names: [
      { name: 'Stewart', to: 1999 },
      { name: 'Jaguar', from: 2000, to: 2004 },
      { name: 'Red Bull', from: 2005 },
    ],
    members: [{ ref: 'stewart' }, { ref: 'jaguar' }, { ref: 'red_bull' }],
    aliases: [
      'red bull',
      'red bull racing',
      'rbr',
      'oracle red bull racing',
      'milton keynes',
      'jaguar',
      'stewart',
    ],
  },
  {
    key: 'racing_bulls',
    names: [
      { name: 'Minardi', to: 2005 },
      { name: 'Toro Rosso', from: 2006, to: 2019 },
      { name: 'AlphaTauri', from: 2020, to: 2023 },
      { name: 'RB', from: 2024, to: 2024 },
      { name: 'Racing Bulls', from: 2025 },
    ],
    members: [{ ref: 'minardi' }, { ref: 'toro_rosso' }, { ref: 'alphatauri' }, { ref: 'rb' }],
    aliases: [
      ...['minardi', 'toro rosso', 'scuderia toro rosso', 'str', 'alphatauri', 'alpha tauri'],
      ...[
        'scuderia alphatauri',
        'rb',
        'visa cash app rb',
        'vcarb',
        'racing bulls',
        'visa cash app racing bulls',
      ],
      ...['faenza'],
    ],
  },
  {
    key: 'sauber',
    names: [
      { name: 'Sauber', to: 2005 },
      { name: 'BMW Sauber', from: 2006, to: 2009 },
      { name: 'Sauber', from: 2010, to: 2018 },
      { name: 'Alfa Romeo', from: 2019, to: 2023 },
      { name: 'Kick Sauber', from: 2024, to: 2025 },
      { name: 'Audi', from: 2026 },
    ],
    // Alfa Romeo's own works teams (1950s, 1980s) share the Ergast ref but not this lineage.
    members: [
      { ref: 'sauber' },
      { ref: 'bmw_sauber' },
      { ref: 'alfa', from: 2019, to: 2023 },
      { ref: 'audi' },
    ],
    aliases: [
      ...['sauber', 'bmw sauber', 'alfa romeo', 'alfa', 'alfa romeo racing', 'kick sauber', 'stake'],
      ...['stake f1', 'stake f1 team', 'audi', 'hinwil'],
    ],
  },
  {
    key: 'aston_martin',
    names: [
      { name: 'Jordan', to: 2005 },
      { name: 'Midland', from: 2006, to: 2006 },
      { name: 'Spyker', from: 2007, to: 2007 },
      { name: 'Force India', from: 2008, to: 2018 },
      { name: 'Racing Point', from: 2019, to: 2020 },
      { name: 'Aston Martin', from: 2021 },
    ],
    // The 1959–60 Aston Martin works team is another entry under the same Ergast ref.
    members: [
      ...[
        { ref: 'jordan' },
        { ref: 'mf1' },
        { ref: 'spyker_mf1' },
        { ref: 'spyker' },
        { ref: 'force_india' },
      ],
      ...[{ ref: 'racing_point' }, { ref: 'aston_martin', from: 2021 }],
    ],
    aliases: [
      ...['jordan', 'midland', 'mf1', 'spyker', 'force india', 'sahara force india', 'racing point'],
      ...['bwt racing point', 'aston martin', 'aston', 'amr', 'aston martin aramco', 'silverstone team'],
    ],
  },
  {
    key: 'alpine',
    names: [
      { name: 'Toleman', to: 1985 },
      { name: 'Benetton', from: 1986, to: 2001 },
      { name: 'Renault', from: 2002, to: 2011 },
      { name: 'Lotus', from: 2012, to: 2015 },
      { name: 'Renault', from: 2016, to: 2020 },
      { name: 'Alpine', from: 2021 },
    ],
    // Renault's first works team (1977–85) was a separate entry.
    members: [
      ...[{ ref: 'toleman' }, { ref: 'benetton' }, { ref: 'renault', from: 2002 }],
      ...[{ ref: 'lotus_f1' }, { ref: 'alpine' }],
    ],
    aliases: ['toleman', 'benetton', 'renault', 'lotus f1', 'alpine', 'bwt alpine', 'enstone'],
  },
  {
    key: 'mercedes',
    names: [
      { name: 'Tyrrell', to: 1998 },
      { name: 'BAR', from: 1999, to: 2005 },
      { name: 'Honda', from: 2006, to: 2008 },
      { name: 'Brawn', from: 2009, to: 2009 },
      { name: 'Mercedes', from: 2010 },
    ],
    // Honda's 1960s team and Mercedes' 1954–55 team were separate entries under the same refs.
    members: [
      ...[{ ref: 'tyrrell' }, { ref: 'bar' }, { ref: 'honda', from: 2006 }, { ref: 'brawn' }],
      ...[{ ref: 'mercedes', from: 2010 }],
    ],
    aliases: [
      ...['mercedes', 'merc', 'mercedes amg', 'mercedes amg petronas', 'silver arrows', 'brackley'],
      ...['brawn', 'brawn gp', 'bar', 'british american racing', 'honda', 'tyrrell'],
    ],
  },
  {
    key: 'ferrari',
    names: [{ name: 'Ferrari' }],
    members: [{ ref: 'ferrari' }],
    aliases: ['ferrari', 'scuderia', 'scuderia ferrari', 'maranello', 'prancing horse', 'the reds'],
  },
  {
    key: 'mclaren',
    names: [{ name: 'McLaren' }],
    members: [{ ref: 'mclaren' }],
    aliases: ['mclaren', 'mclaren mercedes', 'macca', 'woking', 'papaya'],
  },
  {
    key: 'williams',
    names: [{ name: 'Williams' }],
    members: [{ ref: 'williams' }],
    aliases: ['williams', 'williams racing', 'grove'],
  },
  {
    key: 'haas',
    names: [{ name: 'Haas' }],
    members: [{ ref: 'haas' }],
    aliases: ['haas', 'haas f1', 'haas f1 team', 'moneygram haas'],
  },
];
