import { ChartSchema } from '@pitwall/db/contracts';
import { describe, expect, it } from 'vitest';
// The db package exports only its contracts index, so the examples are reached by path.
import { CHART_EXAMPLES } from '../../../../db/src/contracts/chart-examples.ts';
import { isLapAxis, rowsInRange, seriesGroups, xExtent, yDomain } from './spec.ts';

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
});
