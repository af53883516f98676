import { type Query, QuerySchema, type QuerySession } from '@pitwall/db/contracts';
import type { Catalog } from '../entities/catalog.ts';
import { distinctOptions } from './label.ts';
import type { View } from './metric.ts';
import type { ParseContext, Understanding } from './parse.ts';
import { raceScope, seasonRaces } from './parse-scope.ts';
import { UNUSED } from './phrase.ts';
import type { Words } from './words.ts';

export type ViewContext = {
  question: string;
  ctx: ParseContext;
  drivers: string[];
  teams: string[];
  seasons: { from: number; to: number } | undefined;
  race: Query['scope']['race'];
  session: QuerySession | undefined;
  notes: string[];
  words: Words;
};

/** Race views that can also run over a whole season, race by race, then aggregate. */
const SEASON_WIDE_VIEWS = new Set(['degradation', 'position_changes', 'pit_stop_analysis', 'tyre_strategy']);
const SEASON_WIDE =
  /\b(across|throughout|every race|all (the )?races|all season|whole season|over the season|each race|in every race|season wide)\b/;
/** Views about careers: no season unless the question names seasons. */
const CAREER_VIEWS = new Set(['career_summary', 'driver_comparison']);

const clarifyWith = (question: string, options: Query[], catalog: Catalog): Understanding => ({
  kind: 'clarify',
  clarification: { question, options: distinctOptions(options, 30, catalog) },
});

/** The view's query for each choice of a question back, read from the same context with the choice made. */
const choices = (view: View, v: ViewContext, variants: Partial<ViewContext>[]): Query[] =>
  variants.flatMap((variant) => {
    const chosen = viewQuery(view, { ...v, ...variant, notes: [...v.notes], words: v.words.clone() });
    return chosen.kind === 'query' ? [chosen.query] : [];
  });

/** A question one of the charted analyses answers: the view, over its race, season or career. */
export function viewQuery(view: View, v: ViewContext): Understanding {
  const clarify = (about: string, options: Query[]) => clarifyWith(about, options, v.ctx.catalog);
  const season = v.race?.season ?? v.seasons?.to ?? v.ctx.latest.season;
  const seasonWide =
    view.race &&
    !v.race &&
    SEASON_WIDE_VIEWS.has(view.id) &&
    (SEASON_WIDE.test(v.words.text) ||
      (v.seasons !== undefined && /\b(most|fewest|average|overall)\b/.test(v.words.text)));
  if (seasonWide) v.words.take(SEASON_WIDE);
  const session = viewSession(view, v, seasonWide);
  if (view.race && !v.race && !seasonWide) {
    return clarify(
      `Which ${season} race do you mean?`,
      choices(
        view,
        v,
        seasonRaces(v.ctx.catalog, season).map((r) => ({ race: raceScope(r) })),
      ),
    );
  }
  if (view.since && season < view.since) {
    return {
      kind: 'decline',
      reason: `${view.label} can be computed from ${view.since} on, where the data has what it needs; ${season} is before that.`,
    };
  }
  let drivers = v.drivers;
  if (view.id === 'teammate_h2h' && drivers.length < 2) {
    const pair = teammates(v.ctx.catalog, season, drivers[0], v.teams[0]);
    if (!pair) {
      return clarify(
        `Which two ${season} teammates?`,
        choices(
          view,
          v,
          [...v.ctx.catalog.constructors.values()]
            .filter((c) => c.seasons.has(season))
            .flatMap((c) => {
              const pair = teammates(v.ctx.catalog, season, undefined, c.ref);
              return pair ? [{ drivers: pair, teams: [] }] : [];
            }),
        ),
      );
    }
    drivers = pair;
  }
  if (view.id === 'driver_comparison' && drivers.length < 2) {
    return clarify(
      'Which two drivers should I compare?',
      choices(view, v, [{ drivers: ['hamilton', 'max_verstappen'], seasons: undefined }]),
    );
  }
  if (view.id === 'career_summary' && drivers.length < 1) {
    return clarify(
      'Whose career?',
      choices(view, v, [
        { drivers: ['hamilton'], seasons: undefined },
        { drivers: ['alonso'], seasons: undefined },
      ]),
    );
  }
  const scope = v.race
    ? { race: v.race }
    : CAREER_VIEWS.has(view.id)
      ? v.seasons
        ? { seasons: v.seasons }
        : {}
      : { seasons: v.seasons ?? { from: season, to: season } };
  const unused = v.words.unused();
  return {
    kind: 'query',
    query: QuerySchema.parse({
      metric: view.id,
      drivers,
      teams: v.teams,
      ...(session ? { session } : {}),
      scope,
      aggregate: 'value',
      notes: [...v.notes, ...(unused.length ? [`${UNUSED} ${unused.slice(0, 8).join(', ')}`] : [])].slice(
        0,
        10,
      ),
    }),
  };
}

/**
 * The session a race view runs on. A sprint is kept for the views that run on sprint laps, one race at a
 * time; otherwise the view runs on the Grand Prix and a note says so, so the answer never silently swaps
 * the session asked for.
 */
function viewSession(view: View, v: ViewContext, seasonWide: boolean): QuerySession | undefined {
  if (v.session !== 'sprint' || !view.race) return v.session;
  if (seasonWide) {
    v.notes.push(`${view.label} across a season is computed over the Grands Prix, not the sprints`);
    return undefined;
  }
  if (view.sessions?.includes('sprint')) return 'sprint';
  v.notes.push(`${view.label} is not recorded for sprints, so this is about the Grand Prix`);
  return undefined;
}

/** The driver's (or team's) teammate pairing in a season: the two who raced most for that team. */
function teammates(
  catalog: Catalog,
  season: number,
  driverRef?: string,
  teamRef?: string,
): string[] | undefined {
  const entries = [...catalog.drivers.values()].flatMap((d) => {
    const s = d.seasons.get(season);
    return s ? [...s.constructorIds].map((team) => ({ driver: d, team })) : [];
  });
  const driver = driverRef ? entries.find((e) => e.driver.ref === driverRef) : undefined;
  const teamId = driver?.team ?? [...catalog.constructors.values()].find((c) => c.ref === teamRef)?.id;
  if (teamId === undefined) return undefined;
  const mates = entries.filter((e) => e.team === teamId).sort((a, b) => b.driver.starts - a.driver.starts);
  const pair = [
    ...(driver ? [driver.driver.ref] : []),
    ...mates.map((m) => m.driver.ref).filter((ref) => ref !== driverRef),
  ].slice(0, 2);
  return pair.length === 2 ? pair : undefined;
}
