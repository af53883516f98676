import { ChartSchema } from '@pitwall/db/contracts';
import { describe, expect, it } from 'vitest';
// The db package exports only its contracts index, so the examples are reached by path.
import { CHART_EXAMPLES } from '../../../../db/src/contracts/chart-examples.ts';
import {
  boxRows,
  categoriesOf,
  heatColour,
  isLapAxis,
  rowsInRange,
  seriesGroups,
  xExtent,
  yDomain,
} from './spec.ts';

/** The chart catalogue's examples drive the site's chart components; these check what the components read. */
describe('chart examples through the spec helpers', () => {
  it('are valid charts, one per kind', () => {
    for (const [kind, chart] of Object.entries(CHART_EXAMPLES)) {
      expect(chart.kind).toBe(kind);
      expect(ChartSchema.safeParse({ ...chart, files: {} }).success).toBe(true);
    }
  });

  it('offer a lap range on lap-based charts only', () => {
    expect(isLapAxis(CHART_EXAMPLES.lap_times.spec)).toBe(true);
    expect(isLapAxis(CHART_EXAMPLES.stints.spec)).toBe(true);
    expect(isLapAxis(CHART_EXAMPLES.degradation.spec)).toBe(false);
    expect(isLapAxis(CHART_EXAMPLES.quali_gaps.spec)).toBe(false);
    expect(xExtent(CHART_EXAMPLES.lap_times.spec)).toEqual([1, 20]);
  });

  it('zooms to a lap range, keeping stints that overlap it', () => {
    const laps = CHART_EXAMPLES.lap_times.spec;
    expect(rowsInRange(laps, laps.data, [8, 14])).toHaveLength(7 * 3);
    const stints = CHART_EXAMPLES.stints.spec;
    const inside = rowsInRange(stints, stints.data, [50, 57]);
    expect(inside.every((r) => (r.to_lap as number) >= 50)).toBe(true);
    expect(inside.map((r) => r.driver)).toEqual(['VER', 'NOR', 'LEC', 'HAM']);
  });

  it('splits lines by series with team colours', () => {
    const spec = CHART_EXAMPLES.lap_times.spec;
    const groups = seriesGroups(spec, spec.data);
    expect(groups.map((g) => [g.key, g.colour, g.rows.length])).toEqual([
      ['VER', '#3671C6', 20],
      ['NOR', '#FF8000', 20],
      ['LEC', '#E8002D', 20],
    ]);
  });

  it('fits the y domain around overlays as well as points', () => {
    const spec = CHART_EXAMPLES.degradation.spec;
    const [lo, hi] = yDomain(spec, spec.data, null) ?? [0, 0];
    for (const row of spec.overlays?.[0]?.data ?? []) {
      expect(row.fit_s as number).toBeGreaterThanOrEqual(lo);
      expect(row.fit_s as number).toBeLessThanOrEqual(hi);
    }
    expect(yDomain(CHART_EXAMPLES.gaps.spec, CHART_EXAMPLES.gaps.spec.data, null)?.[0]).toBe(0);
  });

  it('pairs each box with its outliers and spans the axis from the lowest to the highest of them', () => {
    const spec = CHART_EXAMPLES.distribution.spec;
    const { boxes, extent } = boxRows(spec, spec.data);
    expect(boxes.map((b) => [b.key, b.outliers])).toEqual([
      ['VER', [97.402]],
      ['NOR', []],
      ['LEC', [94.98, 97.93]],
    ]);
    expect(extent).toEqual([94.98, 97.93]);
  });

  it('shades heatmap cells between the two colours and keeps rounds and drivers in data order', () => {
    const spec = CHART_EXAMPLES.heatmap.spec;
    expect(heatColour(['#f3f1ea', '#b3122e'], 0)).toBe('#f3f1ea');
    expect(heatColour(['#f3f1ea', '#b3122e'], 1)).toBe('#b3122e');
    // Halfway: (0xf3 + 0xb3) / 2 = 0xd3, (0xf1 + 0x12) / 2 = 0x81.5 → 0x82, (0xea + 0x2e) / 2 = 0x8c.
    expect(heatColour(['#f3f1ea', '#b3122e'], 0.5)).toBe('#d3828c');
    expect(categoriesOf(spec.data, 'driver')).toEqual(['VER', 'LEC', 'NOR', 'HAM']);
    expect(categoriesOf(spec.data, 'round')).toEqual(['1', '2', '3', '4', '5', '6']);
  });
});
