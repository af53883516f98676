import type { Fact, Plan } from '@pitwall/db/contracts';

const NUMBER = /\d+(?:[.:]\d+)*/g;

/**
 * Every number in a narrative must be one of the result's facts, stand inside a textual fact (a race
 * time), or come from the question itself (its seasons and round, the race's name). Returns the numbers
 * that are none of these.
 */
export function unsupportedNumbers(narrative: string, facts: Fact[], plan?: Plan): string[] {
  const numeric = new Set(facts.filter((f) => typeof f.value === 'number').map((f) => Number(f.value)));
  for (const n of [plan?.season, plan?.round, ...(plan?.seasons ?? [])]) if (n !== undefined) numeric.add(n);
  const textual = [
    ...facts.filter((f) => typeof f.value === 'string').map((f) => String(f.value)),
    ...facts.map((f) => f.label),
    plan?.raceName ?? '',
  ];
  const plain = narrative.replace(/\bP(\d+)\b/g, '$1');
  return (plain.match(NUMBER) ?? []).filter((token) => {
    if (!token.includes(':') && numeric.has(Number(token))) return false;
    return !textual.some((value) =>
      new RegExp(`(^|[^\\d.])${token.replace(/[.]/g, '\\.')}($|[^\\d])`).test(value),
    );
  });
}
