import type { Fact, Intent, Plan } from '@pitwall/db/contracts';

const factValue = (facts: Fact[], label: string) => facts.find((f) => f.label === label)?.value;

const TOPIC: Record<Intent, string> = {
  race_winner: 'result',
  race_pace: 'race pace',
  lap_times: 'lap times',
  tyre_strategy: 'tyre strategy',
  degradation: 'tyre degradation',
  positions: 'position changes',
  gaps: 'gaps to the leader',
  pit_stops: 'pit stops',
  qualifying: 'qualifying',
  teammate_h2h: 'teammate head-to-head',
  season_standings: 'championship',
  points_progression: 'points progression',
  team_pace: 'team pace',
  neutralisations: 'safety cars, VSCs and red flags',
  tyre_age: 'lap time against tyre age',
  retirements: 'retirements',
  undercuts: 'undercuts and overcuts',
  sectors: 'best sectors',
  weather: 'weather',
  driver_comparison: 'driver comparison',
  career: 'career',
  metric: 'answer',
};

/** Facts that carry the answer for each intent, matched by label; the first few of the rest follow. */
const HEADLINES: Partial<Record<Intent, RegExp>> = {
  race_pace: /fastest median pace|median lap|gap to the fastest median/,
  lap_times: /fastest lap\b/,
  tyre_strategy: /strategy|pit stops/,
  degradation: /median slope|degradation$/,
  positions: /laps led|net places gained|lead changes/,
  gaps: /gap|laps down|winner/,
  pit_stops: /quickest|median pit-lane|fewest stops|most stops/,
  qualifying: /pole|second on the qualifying order|margin/,
  teammate_h2h: /head-to-head|compared/,
  season_standings: /champion|margin|points|wins|can still win|leader/,
  points_progression: /champion|leader|points/,
  team_pace: /fastest team|gap to the fastest team$/,
  undercuts: /attempts|outcome$/,
  sectors: /^fastest sector|theoretical/,
  weather: /wet|rain|temperature/,
  driver_comparison: /points|wins|titles/,
  career: /seasons|starts|wins|podiums|poles|titles|points/,
};

function show(fact: Fact): string {
  return `${fact.label}: **${fact.value}${fact.unit ? (fact.unit === '%' ? '%' : ` ${fact.unit}`) : ''}**`;
}

function raceWinner(plan: Plan, facts: Fact[]): string {
  const winner = factValue(facts, 'winner');
  const team = factValue(facts, "winner's team");
  const grid = factValue(facts, "winner's grid position");
  const second = factValue(facts, 'second place');
  const third = factValue(facts, 'third place');
  const margin = factValue(facts, 'winning margin');
  const time = factValue(facts, 'winning race time');
  const finishers = factValue(facts, 'classified finishers');
  const season = factValue(facts, 'season') ?? plan.season;
  const start =
    grid === 1 ? 'from pole position' : grid === 0 ? 'from the pit lane' : `from P${grid} on the grid`;
  const lines = [`**${winner}** won the ${season} ${plan.raceName} for ${team}, starting ${start}.`];
  if (second) {
    const gap = margin !== undefined ? `${margin} s ahead of ${second}` : `ahead of ${second}`;
    lines.push(`He finished ${gap}${third ? `, with ${third} third` : ''}.`);
  }
  const tail = [
    time ? `The winning race time was ${time}` : '',
    finishers ? `${finishers} drivers were classified` : '',
  ]
    .filter(Boolean)
    .join('; ');
  if (tail) lines.push(`${tail}.`);
  return lines.join(' ');
}

/**
 * A short narrative built only from the facts, so every figure in it is one of them. Race results get a
 * sentence; other intents lead with the facts that answer them.
 */
export function builtinNarrative(plan: Plan, facts: Fact[]): string {
  if (plan.intent === 'race_winner' && factValue(facts, 'winner')) return raceWinner(plan, facts);
  const where = plan.raceName ? `the ${plan.season} ${plan.raceName}` : `${plan.season}`;
  const heading = `The ${TOPIC[plan.intent]} for ${where}, computed from the timing data:`;
  const pattern = HEADLINES[plan.intent];
  const key = pattern ? facts.filter((f) => pattern.test(f.label)) : [];
  const rest = facts.filter((f) => !key.includes(f) && f.label !== 'season' && f.label !== 'round');
  const chosen = [...key, ...rest].slice(0, 8);
  if (chosen.length === 0)
    return `${heading}\nThe analysis found nothing to report; see the notes on the data.`;
  return [heading, ...chosen.map(show)].join('\n');
}
