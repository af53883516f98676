import type { ChartSpec } from '@pitwall/db/contracts';
import { describe, expect, it } from 'vitest';
import { axisLabel, barLayout, colourMap, humanize, splitDrawable } from './spec.ts';

const gapSpec: ChartSpec = {
  mark: 'bar',
  orientation: 'horizontal',
  x: { field: 'gap', label: 'Gap to winner', type: 'quantitative', unit: 's' },
  y: { field: 'driver', label: 'Driver', type: 'nominal' },
  color: {
    field: 'team',
    label: 'Team',
    domain: ['red_bull', 'aston_martin'],
    range: ['#3671C6', '#229971'],
  },
  data: [
    { driver: 'VER', gap: 0, team: 'red_bull' },
    { driver: 'ALO', gap: 27.921, team: 'aston_martin' },
    { driver: 'SAR', gap: null, team: 'williams' },
  ],
};

describe('chart spec helpers', () => {
  it('puts the nominal field on y for horizontal bars', () => {
    expect(barLayout(gapSpec)).toMatchObject({ orientation: 'horizontal', x: 'gap', y: 'driver' });
  });

  it('swaps encodings when a horizontal spec names the category as x', () => {
    const swapped: ChartSpec = { ...gapSpec, x: gapSpec.y, y: gapSpec.x };
    expect(barLayout(swapped)).toMatchObject({ orientation: 'horizontal', x: 'gap', y: 'driver' });
  });

  it('keeps categories on x for vertical bars', () => {
    const vertical: ChartSpec = { ...gapSpec, orientation: 'vertical', x: gapSpec.y, y: gapSpec.x };
    expect(barLayout(vertical)).toMatchObject({ orientation: 'vertical', x: 'driver', y: 'gap' });
  });

  it('separates rows without a value so they can be listed rather than drawn as zero', () => {
    const { drawable, missing } = splitDrawable(gapSpec, 'gap');
    expect(drawable.map((r) => r.driver)).toEqual(['VER', 'ALO']);
    expect(missing.map((r) => r.driver)).toEqual(['SAR']);
  });

  it('maps colour domain to range and labels axes with units', () => {
    expect([...colourMap(gapSpec)]).toEqual([
      ['red_bull', '#3671C6'],
      ['aston_martin', '#229971'],
    ]);
    expect(axisLabel(gapSpec.x)).toBe('Gap to winner (s)');
    expect(axisLabel(gapSpec.y)).toBe('Driver');
  });

  it('humanizes data keys for display', () => {
    expect(humanize('aston_martin')).toBe('Aston Martin');
    expect(humanize('red_bull')).toBe('Red Bull');
  });
});
