import { describe, expect, it } from 'vitest';
import { renderSvg } from '../../src/charts/render.ts';
import { toVegaLite } from '../../src/charts/vega-lite.ts';
import { CHART_EXAMPLES, markGroups, tickLabels } from '../support/chart-fixtures.ts';

/** What each kind promises beyond the shared checks in charts.test.ts. */
describe('chart kinds', () => {
  it('labels lap-time axes as m:ss', async () => {
    const ticks = tickLabels(await renderSvg(CHART_EXAMPLES.lap_times));
    expect(ticks).toContain('1:35');
    expect(ticks.filter((t) => /^\d:\d\d/.test(t)).length).toBeGreaterThan(3);
    // A narrow lap-time axis (degradation) needs tenths to tell ticks apart.
    const degTicks = tickLabels(await renderSvg(CHART_EXAMPLES.degradation));
    expect(degTicks.some((t) => /^1:3\d\.\d$/.test(t))).toBe(true);
  });

  it('draws positions with P1 at the top', async () => {
    const svg = await renderSvg(CHART_EXAMPLES.positions);
    const lines = markGroups(svg)[0]?.items ?? [];
    const startY = (driver: string) =>
      Number(lines.find((l) => l.includes(`Driver: ${driver}`))?.match(/d="M[\d.]+,([\d.]+)/)?.[1]);
    // RUS starts P1 and GAS P5: in SVG coordinates, P1 has the smaller y.
    expect(startY('RUS')).toBeLessThan(startY('GAS'));
  });

  it('outlines every stint, so near-white HARD tyres stay visible', async () => {
    const stints = markGroups(await renderSvg(CHART_EXAMPLES.stints))[0]?.items ?? [];
    expect(stints.length).toBe(CHART_EXAMPLES.stints.spec.data.length);
    for (const bar of stints) expect(bar).toMatch(/stroke="#1a1a1a"/);
    expect(stints.some((bar) => bar.includes('fill="#D8D8D8"'))).toBe(true);
  });

  it('draws degradation fits on top of the points, dashed, in compound colours', async () => {
    const groups = markGroups(await renderSvg(CHART_EXAMPLES.degradation));
    expect(groups[0]?.type).toBe('symbol');
    const fits = groups.slice(1).filter((g) => g.type === 'line');
    const coloured = fits.at(-1)?.items ?? [];
    expect(coloured).toHaveLength(2);
    expect(coloured.join('')).toContain('stroke="#FFD12E"');
    for (const line of coloured) expect(line).toContain('stroke-dasharray');
  });

  it('signs gap ticks', async () => {
    const ticks = tickLabels(await renderSvg(CHART_EXAMPLES.quali_gaps));
    expect(ticks).toContain('+0.2');
    expect(ticks).toContain('0');
  });

  it('humanizes team keys and drops a legend that repeats the bar labels', async () => {
    const svg = await renderSvg(CHART_EXAMPLES.bar);
    expect(tickLabels(svg)).toContain('Aston Martin');
    expect(svg).not.toContain('role-legend');
  });

  it('keeps categories in data order', () => {
    const vl = JSON.stringify(toVegaLite(CHART_EXAMPLES.quali_gaps));
    expect(vl).toContain('"sort":null');
  });
});
