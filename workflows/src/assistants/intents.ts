import type { Intent } from '@pitwall/db/contracts';

/**
 * What a question asks for, read from its words (already normalised: lower case, no diacritics). Rules are
 * tried in order, most specific first: "qualifying head-to-head" is a head-to-head, not qualifying.
 */
const RULES: [Intent, RegExp][] = [
  ['career', /\bcareers?\b|\ball time\b|\bin total\b|\bever\b/],
  ['teammate_h2h', /\bhead to head\b|\bh2h\b|\bteam ?mates?\b|\bintra ?team\b|\bqualifying battle\b/],
  ['driver_comparison', /\b(compare|comparison|versus|vs)\b.*\b(seasons|years|over the years|across)\b/],
  [
    'points_progression',
    /\bprogression\b|\b(title|championship) (fight|battle|race)\b|\bpoints (over|through|across)\b/,
  ],
  [
    'season_standings',
    /\bstandings?\b|\bchampionship\b|\bchampions?\b|\btitle\b|\bhow many (wins|points|podiums|poles)\b/,
  ],
  ['degradation', /\bdegrad\w*|\b(tyre|tire) wear\b|\bdrop ?off\b|\bfall ?off\b|\bwear\b/],
  [
    'tyre_strategy',
    /\bstrateg\w*|\bstints?\b|\btyres?\b|\btires?\b|\bcompounds?\b|\b(one|two|three) stop\w*/,
  ],
  ['pit_stops', /\bpit ?stops?\b|\bpitstops?\b|\bpit lane\b|\bpit crew\b|\bstops?\b/],
  ['qualifying', /\bqualif\w*|\bquali\b|\bpole\b|\bq[123]\b|\bshoot ?out\b/],
  ['team_pace', /\bteam pace\b|\bfastest team\b|\bteams? ranking\b|\bwhich team (was|had)\b/],
  ['race_pace', /\bpace\b|\blong runs?\b|\bclean laps?\b|\b(quicker|faster) (than|in|during|over)\b/],
  ['gaps', /\bgaps?\b|\brace trace\b|\bintervals?\b|\bbehind the leader\b/],
  [
    'positions',
    /\bpositions?\b|\bovertak\w*|\bplaces?\b|\bgain(ed|s)?\b|\blaps? led\b|\bled the most\b|\bwho led\b|\blead changes?\b/,
  ],
  ['lap_times', /\blap ?times?\b|\blaptimes?\b|\blap chart\b/],
  [
    'race_winner',
    /\bwho won+\b|\bwinners?\b|\bwon+\b|\bwins?\b|\bresults?\b|\bclassification\b|\bpodium\b|\bfinish(ed|ing)? order\b|\bwho finished\b/,
  ],
];

export function detectIntent(text: string): Intent | undefined {
  return RULES.find(([, pattern]) => pattern.test(text))?.[0];
}

/** Words that name a tyre compound ("softs", "inters", "full wets"): compoundsIn reads which. */
export const COMPOUND_WORDS = /\b(softs?|mediums?|hards?|inters?|intermediates?|full wets?|wets)\b/;

/** Tyre compounds named in the question ("softs", "the hard tyre"). */
export function compoundsIn(text: string): ('SOFT' | 'MEDIUM' | 'HARD' | 'INTERMEDIATE' | 'WET')[] {
  const found = [] as ('SOFT' | 'MEDIUM' | 'HARD' | 'INTERMEDIATE' | 'WET')[];
  if (/\bsofts?\b/.test(text)) found.push('SOFT');
  if (/\bmediums?\b/.test(text)) found.push('MEDIUM');
  if (/\bhards?\b/.test(text)) found.push('HARD');
  if (/\binter(mediate)?s?\b/.test(text)) found.push('INTERMEDIATE');
  if (/\bwets\b|\bwet (tyres?|tires?|compound)\b|\bfull wets?\b/.test(text)) found.push('WET');
  return found;
}
