import type { Query } from '@pitwall/db/contracts';
import type { Catalog } from '../entities/catalog.ts';
import { metricOf, queryMetricIds, viewOf } from './catalog.ts';
import type { View } from './metric.ts';

/**
 * A structured query (an edited chip, a picked option, the data explorer's choice) checked against the
 * catalog before it runs as is: the metric or view exists, every driver, team, race and circuit is one the
 * data knows, and the seasons have been raced. Returns the query with the race under the data's own name,
 * or the reason it cannot run, in words for the person who sent it.
 */
export function checkStructured(
  query: Query,
  catalog: Catalog,
  latest: { season: number; round: number },
): { ok: Query } | { error: string } {
  const error = (message: string) => ({ error: message });
  if (!queryMetricIds().includes(query.metric))
    return error(`"${query.metric}" is not a metric or view Pit Wall knows`);
  const metric = metricOf(query.metric);
  const view = viewOf(query.metric) as View | undefined;
  const driverRefs = new Set([...catalog.drivers.values()].map((d) => d.ref));
  const unknownDriver = query.drivers.find((ref) => !driverRefs.has(ref));
  if (unknownDriver) return error(`no driver has the ref "${unknownDriver}"`);
  const teamRefs = new Set([...catalog.constructors.values()].map((c) => c.ref));
  const unknownTeam = query.teams.find((ref) => !teamRefs.has(ref));
  if (unknownTeam) return error(`no team has the ref "${unknownTeam}"`);
  const { race, seasons, circuit, rounds } = query.scope;
  let scope = query.scope;
  if (race) {
    const entry = catalog.races.find((r) => r.season === race.season && r.round === race.round);
    if (!entry) return error(`there is no round ${race.round} in ${race.season}`);
    scope = { ...scope, race: { season: entry.season, round: entry.round, name: entry.name } };
  }
  if (circuit && !catalog.races.some((r) => r.circuit.ref === circuit.ref))
    return error(`no race was held at a circuit with the ref "${circuit.ref}"`);
  if (seasons && seasons.from > seasons.to)
    return error(`the seasons run from ${seasons.from} to ${seasons.to}, which is backwards`);
  const last = race?.season ?? seasons?.to;
  if (last !== undefined && last > latest.season)
    return error(
      `${last} has not been raced yet: the data runs to round ${latest.round} of ${latest.season}`,
    );
  if (rounds?.from !== undefined && rounds.to !== undefined && rounds.from > rounds.to)
    return error(`the rounds run from ${rounds.from} to ${rounds.to}, which is backwards`);
  const since = metric?.since ?? view?.since;
  const first = race?.season ?? seasons?.from;
  if (since !== undefined && first !== undefined && first < since) {
    const label = metric?.label ?? view?.label ?? query.metric;
    return error(`${label} is in the data from ${since} on; ${first} is before that`);
  }
  if (metric && query.session && !metric.sessions.includes(query.session))
    return error(`${metric.label} is not recorded for the ${query.session.replace('_', ' ')} session`);
  if (view && query.session && !['race', 'sprint', 'qualifying'].includes(query.session))
    return error(`${view.label} is not recorded for the ${query.session.replace('_', ' ')} session`);
  if (view?.id === 'teammate_h2h' && query.drivers.length !== 2)
    return error('a head-to-head needs two drivers');
  if (
    (view?.id === 'career_summary' && query.drivers.length < 1) ||
    (view?.id === 'driver_comparison' && query.drivers.length < 2)
  )
    return error(`${view.label} needs ${view.id === 'career_summary' ? 'a driver' : 'two drivers'}`);
  return { ok: { ...query, scope } };
}
