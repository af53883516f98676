import type { Fact, Plan } from '@pitwall/db/contracts';

const factValue = (facts: Fact[], label: string) => facts.find((f) => f.label === label)?.value;

/** A short narrative built only from the facts, so every figure in it is one of them. */
export function builtinNarrative(plan: Plan, facts: Fact[]): string {
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
