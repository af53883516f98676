/**
 * Curated names that the data does not carry: nicknames, team lineages, and the many ways fans name an
 * event. Every phrase here is compared after `normalize` (lower case, no diacritics), so write them plain.
 * Era bounds (`from`/`to`, inclusive seasons) say when a name or a member applied; open ends mean "ever".
 */

/** Nicknames and short forms → Ergast driver refs. Several refs means the nickname alone is ambiguous. */
export const DRIVER_NICKNAMES: Record<string, string[]> = {
  checo: ['perez'],
  nando: ['alonso'],
  seb: ['vettel'],
  kimi: ['raikkonen', 'antonelli'],
  iceman: ['raikkonen'],
  hulk: ['hulkenberg'],
  ham: ['hamilton'],
  ros: ['rosberg'],
  lewis: ['hamilton'],
  schumi: ['michael_schumacher'],
  kmag: ['kevin_magnussen'],
  'danny ric': ['ricciardo'],
  'mad max': ['max_verstappen'],
  'sir lewis': ['hamilton'],
  alex: ['albon'],
  yuki: ['tsunoda'],
  zhou: ['zhou'],
  'zhou guanyu': ['zhou'],
  'guanyu zhou': ['zhou'],
};

// Team lineages are the longest table; they live beside this one and are part of the same curated set.
export { type Era, type LineageSpec, TEAM_LINEAGES } from './team-aliases.ts';

/** Events that changed name but stayed the same race. The newest name comes last. */
export const EVENT_GROUPS: { key: string; names: string[]; aliases: string[] }[] = [
  { key: 'brazil', names: ['Brazilian Grand Prix', 'São Paulo Grand Prix'], aliases: ['brazil gp'] },
  { key: 'mexico', names: ['Mexican Grand Prix', 'Mexico City Grand Prix'], aliases: ['mexico gp'] },
  {
    key: 'united_states',
    names: ['United States Grand Prix'],
    aliases: ['us gp', 'usgp', 'us grand prix', 'usa gp', 'american gp', 'american grand prix', 'cota'],
  },
  { key: 'las_vegas', names: ['Las Vegas Grand Prix'], aliases: ['vegas', 'vegas gp', 'sin city'] },
  { key: 'saudi', names: ['Saudi Arabian Grand Prix'], aliases: ['saudi', 'saudi gp', 'saudi arabia gp'] },
  { key: 'azerbaijan', names: ['Azerbaijan Grand Prix'], aliases: ['azerbaijani gp', 'baku gp'] },
  { key: 'abu_dhabi', names: ['Abu Dhabi Grand Prix'], aliases: ['yas marina', 'yas island', 'yas'] },
  { key: 'emilia_romagna', names: ['Emilia Romagna Grand Prix'], aliases: ['emilia gp'] },
  { key: 'british', names: ['British Grand Prix'], aliases: ['britain gp', 'great britain gp', 'uk gp'] },
  { key: 'dutch', names: ['Dutch Grand Prix'], aliases: ['netherlands gp', 'holland gp'] },
  {
    key: 'spanish',
    names: ['Spanish Grand Prix'],
    aliases: ['spain gp', 'barcelona', 'catalunya', 'catalonia'],
  },
  { key: 'austrian', names: ['Austrian Grand Prix'], aliases: ['austria gp', 'a1 ring', 'osterreichring'] },
  { key: 'belgian', names: ['Belgian Grand Prix'], aliases: ['belgium gp', 'spa francorchamps'] },
  { key: 'qatar', names: ['Qatar Grand Prix'], aliases: ['lusail', 'losail'] },
  { key: 'italian', names: ['Italian Grand Prix'], aliases: ['italy gp', 'temple of speed'] },
  {
    key: 'seventieth',
    names: ['70th Anniversary Grand Prix'],
    aliases: ['70th anniversary', '70th anniversary gp', 'anniversary gp', 'anniversary grand prix'],
  },
];

/** Circuit nicknames the circuit table lacks, by Ergast circuit ref. */
export const CIRCUIT_ALIASES: Record<string, string[]> = {
  interlagos: ['interlagos', 'jose carlos pace'],
  americas: ['cota', 'circuit of the americas'],
  red_bull_ring: ['red bull ring', 'spielberg'],
  villeneuve: ['gilles villeneuve', 'montreal'],
  marina_bay: ['marina bay', 'singapore street circuit'],
  yas_marina: ['yas marina'],
  rodriguez: ['hermanos rodriguez'],
  ricard: ['paul ricard'],
  nurburgring: ['nurburgring', 'the ring'],
  vegas: ['the strip', 'las vegas strip'],
  miami: ['hard rock stadium', 'miami gardens'],
  donington: ['donington'],
  silverstone: ['silverstone'],
};

/** The data writes countries several ways ("UK", "USA", "United States"); each key lists the others. */
export const COUNTRY_ALIASES: Record<string, string[]> = {
  uk: ['united kingdom', 'great britain', 'britain', 'england'],
  usa: ['united states', 'united states of america', 'america'],
  'united states': ['usa', 'united states of america', 'america'],
  uae: ['united arab emirates', 'emirates'],
  netherlands: ['holland', 'the netherlands'],
  korea: ['south korea'],
};

/**
 * F1 vocabulary that is also someone's name (Carlos Pace, Tony Rolt…): a single such word is never a
 * mention, though "Carlos Pace" still is.
 */
export const NEVER_A_NAME = new Set(
  (
    'who won win wins race races pace pole poles lap laps grid start starts team teams driver drivers car ' +
    'cars points point season seasons fast faster fastest slow quick best most more than with against ' +
    'and the at in on of for vs versus how what which when where why did does was were is are be been ' +
    'gp grand prix sprint quali qualifying stint stints tyre tyres tire tires soft medium hard wet ' +
    'gap gaps average median time times delta rain dry safety pit stop stops leader leaders victory ' +
    'podium podiums round rounds compare show chart between during after before first last over ' +
    'championship standings title world result results winner winners crash crashes street circuit city'
  ).split(' '),
);

/** Everyday words that are also names ("hill", "hunt"): they count only when written with a capital. */
export const CAPITALISED_ONLY = new Set(
  (
    'hill hunt bell love ward fry brown white gray grey rose guy jack bill bob ray don art chuck rob ' +
    'will mike jo roy mark bruce young long short rich king major miles brambilla gene joe case ' +
    'may june wood hall house field stone lamb bird fox wolf hawk swift page price march park ' +
    'mo ice max ferguson frank cook baker taylor moss scott nelson walker green black'
  ).split(' '),
);

/** Uppercase acronyms in F1 questions that are never driver codes. */
export const NOT_A_CODE = new Set([
  'drs',
  'dnf',
  'dns',
  'dsq',
  'vsc',
  'fia',
  'fom',
  'mgu',
  'ers',
  'usa',
  'uae',
]);
