import { PlanSchema } from '@pitwall/db/contracts';
import { describe, expect, it } from 'vitest';
import { viewOpening } from '../src/query/view-openings.ts';

/** The sentence that opens a charted analysis's answer, from facts as the analyses label them. */
const plan = (intent: string, extra: object = {}) =>
  PlanSchema.parse({ intent, season: 2024, round: 12, raceName: 'British Grand Prix', ...extra });
const where = 'at the 2024 British Grand Prix';
const byCode = new Map([
  ['HAM', 'Lewis Hamilton'],
  ['VER', 'Max Verstappen'],
  ['NOR', 'Lando Norris'],
]);

describe('view openings', () => {
  it('names the leader and the gaps behind at the last lap', () => {
    const facts = [
      { label: 'leader after lap 52', value: 'Lewis Hamilton' },
      { label: 'HAM gap to leader after lap 52', value: 0 },
      { label: 'VER gap to leader after lap 52', value: 1.465 },
      { label: 'NOR gap to leader after lap 52', value: 7.547 },
    ];
    expect(viewOpening(plan('gaps'), facts, [], where, byCode)).toBe(
      'Lewis Hamilton led after lap 52 at the 2024 British Grand Prix, Max Verstappen 1.465 s behind and Lando Norris 7.547 s behind.',
    );
  });

  it('says who was faster on race pace, with both medians as lap times', () => {
    const facts = [
      { label: 'NOR median lap', value: 74.892 },
      { label: 'VER median lap', value: 75.232 },
    ];
    const who = [
      { name: 'Max Verstappen', code: 'VER' },
      { name: 'Lando Norris', code: 'NOR' },
    ];
    expect(viewOpening(plan('race_pace'), facts, who, where, byCode)).toMatch(
      /^Lando Norris had the faster race pace at the 2024 British Grand Prix: a median clean lap of 1:14\.892 against Max Verstappen's 1:15\.232/,
    );
  });

  it('lists a strategy with its stop laps', () => {
    const facts = [
      { label: 'HAM strategy', value: 'MEDIUM → HARD' },
      { label: 'HAM stop laps', value: '27' },
    ];
    const who = [{ name: 'Lewis Hamilton', code: 'HAM' }];
    expect(viewOpening(plan('tyre_strategy'), facts, who, where, byCode)).toBe(
      'Lewis Hamilton ran medium then hard, stopping on lap 27 at the 2024 British Grand Prix.',
    );
  });

  it('says who leads a season still running, and who can still win it', () => {
    const facts = [
      { label: "drivers' championship leader", value: 'Lando Norris' },
      { label: 'margin over second', value: 12 },
      { label: 'Lando Norris points', value: 200 },
      { label: 'races remaining', value: 3 },
      { label: 'drivers who can still win the title', value: 'Lando Norris, Max Verstappen' },
    ];
    expect(
      viewOpening(
        plan('season_standings', { round: undefined, raceName: undefined }),
        facts,
        [],
        'in 2024',
        byCode,
      ),
    ).toBe(
      "Lando Norris leads the 2024 drivers' championship with 200 points, 12 ahead of second place, with 3 races to go; still able to win the title: Lando Norris, Max Verstappen.",
    );
  });

  it('leaves a view whose facts carry no answer to the analysis', () => {
    expect(viewOpening(plan('gaps'), [], [], where, byCode)).toBeUndefined();
  });
});
