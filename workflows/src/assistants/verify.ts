import type { Fact } from '@pitwall/db/contracts';

const NUMBER = /\d+(?:[.:]\d+)*/g;

/**
 * Every number in a narrative must be one of the result's facts (or stand inside a textual fact such as a
 * race time). Returns the numbers that are not.
 */
export function unsupportedNumbers(narrative: string, facts: Fact[]): string[] {
  const numeric = new Set(facts.filter((f) => typeof f.value === 'number').map((f) => Number(f.value)));
  const textual = facts.filter((f) => typeof f.value === 'string').map((f) => String(f.value));
  const plain = narrative.replace(/\bP(\d+)\b/g, '$1');
  return (plain.match(NUMBER) ?? []).filter((token) => {
    if (!token.includes(':') && numeric.has(Number(token))) return false;
    return !textual.some((value) => value.includes(token));
  });
}
