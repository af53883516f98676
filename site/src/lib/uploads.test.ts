import { describe, expect, it } from 'vitest';
import { metadataProblem } from './uploads.ts';

describe('metadataProblem', () => {
  it('accepts nothing or a flat JSON object', () => {
    expect(metadataProblem('')).toBeNull();
    expect(metadataProblem('{"season": 2024, "note": "fp2", "wet": false, "x": null}')).toBeNull();
  });
  it('explains what is wrong', () => {
    expect(metadataProblem('{season')).toMatch(/valid JSON/);
    expect(metadataProblem('[1]')).toMatch(/object/);
    expect(metadataProblem('{"a": {"b": 1}}')).toMatch(/“a”/);
  });
});
