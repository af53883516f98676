import type { Plan, Query } from '@pitwall/db/contracts';
import { describe, expect, it } from 'vitest';
import { metricName, planChips, queryNotes } from './understood.ts';

const query = (over: Partial<Query> = {}): Query => ({
  metric: 'wins',
  drivers: ['max_verstappen'],
  teams: [],
  subject: 'driver',
  scope: { seasons: { from: 2023, to: 2023 } },
  filters: {},
  aggregate: 'total',
  notes: [],
  ...over,
});

const plan = (over: Partial<Plan> = {}): Plan => ({
  intent: 'metric',
  season: 2023,
  drivers: ['max_verstappen'],
  teams: [],
  compounds: [],
  query: query(),
  understood: 'Total wins of Max Verstappen in 2023',
  ...over,
});

describe('metricName', () => {
  it('reads a metric id as words, with capitals where they belong', () => {
    expect(metricName('wins')).toBe('Wins');
    expect(metricName('fastest_lap_time')).toBe('Fastest lap time');
    expect(metricName('q3_appearances')).toBe('Q3 appearances');
    expect(metricName('dnfs')).toBe('DNFs');
  });
});

describe('planChips', () => {
  it('names a metric plan by its metric, not by "Metric"', () => {
    expect(planChips(plan())).toEqual([
      { kind: 'Metric', value: 'Wins' },
      { kind: 'Season', value: '2023' },
      { kind: 'Driver', value: 'Max Verstappen' },
    ]);
  });

  it('takes a metric plan’s seasons, session and circuit from its query', () => {
    const ranged = plan({
      season: 2015,
      drivers: [],
      query: query({
        metric: 'poles',
        drivers: [],
        session: 'qualifying',
        scope: { seasons: { from: 2010, to: 2015 }, circuit: { ref: 'monaco', name: 'Monaco' } },
      }),
    });
    expect(planChips(ranged)).toEqual([
      { kind: 'Metric', value: 'Poles' },
      { kind: 'Seasons', value: '2010–2015' },
      { kind: 'Circuit', value: 'Monaco' },
      { kind: 'Session', value: 'Qualifying' },
    ]);
    // No seasons named: a career or an all-time record, not the latest season the plan carries.
    expect(planChips(plan({ season: 2025, query: query({ scope: {} }) }))[1]).toEqual({
      kind: 'Seasons',
      value: 'All',
    });
  });

  it('names a charted plan by its intent, with its race, drivers and tyres', () => {
    const race = plan({
      intent: 'race_pace',
      round: 6,
      raceName: 'Monaco Grand Prix',
      drivers: ['max_verstappen', 'alonso'],
      compounds: ['MEDIUM'],
      query: query({ metric: 'race_pace' }),
    });
    expect(planChips(race)).toEqual([
      { kind: 'Intent', value: 'Race Pace' },
      { kind: 'Season', value: '2023' },
      { kind: 'Race', value: 'Monaco Grand Prix' },
      { kind: 'Driver', value: 'Max Verstappen' },
      { kind: 'Driver', value: 'Alonso' },
      { kind: 'Tyre', value: 'Medium' },
    ]);
    expect(
      planChips(plan({ intent: 'season_standings', seasons: [2022, 2023], query: undefined }))[1],
    ).toEqual({
      kind: 'Seasons',
      value: '2023, 2022',
    });
  });
});

describe('queryNotes', () => {
  it('lists the query’s notes, none for a plan without a query', () => {
    expect(queryNotes(plan({ query: query({ notes: ['not used: rain', ' '] }) }))).toEqual([
      'not used: rain',
    ]);
    expect(queryNotes(plan({ query: undefined }))).toEqual([]);
  });
});
