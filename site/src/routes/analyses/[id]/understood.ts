import type { Plan, Query } from '@pitwall/db/contracts';

/** One chip of the plan: what kind of thing the question named, and its value in words. */
export type Chip = { kind: string; value: string };

/** `max_verstappen` → `Max Verstappen`: a driver, team or circuit ref as a name. */
export const titleCase = (ref: string): string =>
  ref
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');

// Metric ids are lower-case words; these read as capitals.
const ACRONYMS: Record<string, string> = { dnf: 'DNF', dnfs: 'DNFs' };

/**
 * A metric id of the query language in words, as a chip shows it: `fastest_lap_time` → `Fastest lap time`,
 * `q3_appearances` → `Q3 appearances`, `dnfs` → `DNFs`.
 */
export function metricName(id: string): string {
  const words = id
    .split('_')
    .filter(Boolean)
    .map((w) => ACRONYMS[w] ?? w);
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The seasons a plan covers as a chip. A metric query reads its own scope (one race, a range, or every
 * season when none is named: a career or an all-time record); its plan's `season` is only the latest one.
 */
function seasonChip(plan: Plan, query: Query | undefined): Chip {
  if (query) {
    const { race, seasons } = query.scope;
    if (race) return { kind: 'Season', value: String(race.season) };
    if (!seasons) return { kind: 'Seasons', value: 'All' };
    if (seasons.from !== seasons.to) return { kind: 'Seasons', value: `${seasons.from}–${seasons.to}` };
    return { kind: 'Season', value: String(seasons.from) };
  }
  const all = [plan.season, ...(plan.seasons ?? [])].filter((s, i, list) => list.indexOf(s) === i);
  return { kind: all.length > 1 ? 'Seasons' : 'Season', value: all.join(', ') };
}

/**
 * The plan as chips, so a misread shows before the answer does. A metric plan names its metric where a
 * charted one names its analysis, and its session and circuit come from the query.
 */
export function planChips(plan: Plan): Chip[] {
  const query = plan.intent === 'metric' ? plan.query : undefined;
  const session = plan.session ?? query?.session;
  const circuit = query?.scope.circuit;
  return [
    query
      ? { kind: 'Metric', value: metricName(query.metric) }
      : { kind: 'Intent', value: titleCase(plan.intent) },
    seasonChip(plan, query),
    ...(plan.raceName || plan.round
      ? [{ kind: 'Race', value: plan.raceName ?? `Round ${plan.round}` }]
      : plan.seasonWide
        ? [{ kind: 'Race', value: 'Every race' }]
        : []),
    ...(circuit ? [{ kind: 'Circuit', value: circuit.name }] : []),
    ...(session && session !== 'race' ? [{ kind: 'Session', value: titleCase(session) }] : []),
    ...plan.drivers.map((d) => ({ kind: 'Driver', value: titleCase(d) })),
    ...plan.teams.map((t) => ({ kind: 'Team', value: titleCase(t) })),
    ...plan.compounds.map((c) => ({ kind: 'Tyre', value: titleCase(c.toLowerCase()) })),
  ];
}

/** What the question said that was answered differently or not used, one short line each. */
export const queryNotes = (plan: Plan): string[] => (plan.query?.notes ?? []).filter((n) => n.trim() !== '');
