import type { Query } from '@pitwall/db/contracts';
import { describe, expect, it } from 'vitest';
import { chipContext } from './chip-context.ts';
import { editQuery, queryChips } from './chips.ts';

const calendar = {
  source: 'test',
  seasons: {
    '2023': [
      { round: 6, name: 'Monaco Grand Prix', date: '2023-05-28', place: 'Monte Carlo' },
      { round: 7, name: 'Spanish Grand Prix', date: '2023-06-04', place: 'Barcelona' },
    ],
    '2024': [
      { round: 8, name: 'Monaco Grand Prix', date: '2024-05-26', place: 'Monte Carlo' },
      { round: 9, name: 'Canadian Grand Prix', date: '2024-06-09', place: 'Montréal' },
    ],
  },
};
const ctx = chipContext(calendar, null);
const query = (over: Partial<Query> = {}): Query => ({
  metric: 'wins',
  drivers: [],
  teams: [],
  subject: 'driver',
  scope: { race: { season: 2024, round: 8, name: 'Monaco Grand Prix' } },
  filters: {},
  aggregate: 'list',
  notes: ['not used: please'],
  ...over,
});

describe('query chips', () => {
  it('shows metric, season, race, session and aggregation, all but the metric editable', () => {
    const chips = queryChips(query(), ctx);
    expect(chips.map((c) => [c.kind, c.value, c.options !== undefined])).toEqual([
      ['Metric', 'Wins', false],
      ['Season', '2024', true],
      ['Race', 'Monaco Grand Prix', true],
      ['Session', 'Default', true],
      ['Aggregation', 'Everyone', true],
    ]);
    // Every season from 1950, newest first; the races of the season, or the whole season.
    const season = chips.find((c) => c.key === 'season');
    expect(season?.options?.[0]).toEqual({ value: '2024', label: '2024' });
    expect(season?.options?.at(-1)).toEqual({ value: '1950', label: '1950' });
    expect(chips.find((c) => c.key === 'race')?.options?.map((o) => o.label)).toEqual([
      'Whole 2024 season',
      'Monaco Grand Prix',
      'Canadian Grand Prix',
    ]);
  });

  it('moves a race to the same Grand Prix of another season and drops the typed notes', () => {
    const edited = editQuery(query(), 'season', '2023', ctx);
    expect(edited.scope).toEqual({ race: { season: 2023, round: 6, name: 'Monaco Grand Prix' } });
    expect(edited.notes).toEqual([]);
  });

  it('widens a race to its season when that season did not hold it, and to every season', () => {
    const canada = query({ scope: { race: { season: 2024, round: 9, name: 'Canadian Grand Prix' } } });
    expect(editQuery(canada, 'season', '2023', ctx).scope).toEqual({ seasons: { from: 2023, to: 2023 } });
    const season = query({ scope: { seasons: { from: 2023, to: 2023 } }, aggregate: 'total' });
    expect(editQuery(season, 'season', 'all', ctx).scope).toEqual({});
    expect(editQuery(season, 'race', '7', ctx).scope).toEqual({
      race: { season: 2023, round: 7, name: 'Spanish Grand Prix' },
    });
    expect(editQuery(query(), 'race', 'season', ctx).scope).toEqual({ seasons: { from: 2024, to: 2024 } });
  });

  it('sets or clears the session, changes the aggregation, swaps or removes a driver', () => {
    expect(editQuery(query(), 'session', 'qualifying', ctx).session).toBe('qualifying');
    expect(editQuery(query({ session: 'sprint' }), 'session', '', ctx)).not.toHaveProperty('session');
    expect(editQuery(query(), 'aggregate', 'total', ctx).aggregate).toBe('total');
    const two = query({ drivers: ['max_verstappen', 'lando_norris'] });
    expect(editQuery(two, 'driver:1', 'charles_leclerc', ctx).drivers).toEqual([
      'max_verstappen',
      'charles_leclerc',
    ]);
    expect(editQuery(two, 'driver:0', '', ctx).drivers).toEqual(['lando_norris']);
    // Swapping to a driver already named keeps one of them.
    expect(editQuery(two, 'driver:1', 'max_verstappen', ctx).drivers).toEqual(['max_verstappen']);
  });

  it('offers a season range as it stands, and the drivers of the season bundle', () => {
    const range = query({ scope: { seasons: { from: 2021, to: 2023 } }, aggregate: 'total' });
    const season = queryChips(range, ctx).find((c) => c.key === 'season');
    expect(season).toMatchObject({ kind: 'Seasons', value: '2021–2023', current: '2021-2023' });
    expect(editQuery(range, 'season', '2021-2023', ctx).scope).toEqual(range.scope);
    const withDrivers = { ...ctx, drivers: [{ ref: 'max_verstappen', name: 'Max Verstappen' }] };
    const driver = queryChips(query({ drivers: ['max_verstappen'] }), withDrivers)[1];
    expect(driver).toMatchObject({ kind: 'Driver', value: 'Max Verstappen', current: 'max_verstappen' });
  });

  it('offers the catalog’s metrics and views the season has data for, and fits the aggregation to the pick', () => {
    const metrics = [
      { id: 'wins', label: 'wins', kind: 'metric', aggregate: 'total' },
      { id: 'finish_position', label: 'finishing position', kind: 'metric', aggregate: 'average' },
      { id: 'lap_times', label: 'lap times', kind: 'view', race: true, since: 2020 },
    ] as const;
    const withCatalog = chipContext(calendar, null, metrics);
    const metric = queryChips(query(), withCatalog)[0];
    expect(metric?.options).toEqual([
      { value: 'wins', label: 'Wins', group: 'Numbers' },
      { value: 'finish_position', label: 'Finishing position', group: 'Numbers' },
      { value: 'lap_times', label: 'Lap times', group: 'Charts' },
    ]);
    // No lap data before 2020: the view is not offered for 2019.
    const old = query({ scope: { seasons: { from: 2019, to: 2019 } }, aggregate: 'total' });
    expect(queryChips(old, withCatalog)[0]?.options?.map((o) => o.value)).toEqual([
      'wins',
      'finish_position',
    ]);

    const laps = editQuery(query(), 'metric', 'lap_times', withCatalog);
    expect(laps).toMatchObject({ metric: 'lap_times', aggregate: 'value' });
    // A view has no aggregation to change.
    expect(queryChips(laps, withCatalog).map((c) => c.kind)).not.toContain('Aggregation');
    // Back from a view at one race: everyone's list, or a named driver's value.
    expect(editQuery(laps, 'metric', 'finish_position', withCatalog).aggregate).toBe('list');
    const named = { ...laps, drivers: ['charles_leclerc'] };
    expect(editQuery(named, 'metric', 'finish_position', withCatalog).aggregate).toBe('value');
    // Metric to metric keeps the aggregation.
    expect(editQuery(query(), 'metric', 'finish_position', withCatalog).aggregate).toBe('list');
  });
});
