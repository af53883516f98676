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

  it('draws box plots from the statistics: whiskers, boxes in team colours, medians, outliers', async () => {
    const chart = CHART_EXAMPLES.distribution;
    const svg = await renderSvg(chart);
    const groups = markGroups(svg);
    const [, boxes, medians, outliers] = groups;
    expect(groups.map((g) => g.type)).toEqual(['rule', 'rect', 'rect', 'symbol']);
    // Whiskers are lines, one per box.
    expect(svg.match(/<line aria-label="[^"]*Driver: /g)).toHaveLength(3);
    expect(boxes?.items).toHaveLength(3);
    expect(medians?.items).toHaveLength(3);
    // VER has one outlier, LEC two (the example's BOXES).
    expect(outliers?.items).toHaveLength(3);
    expect(boxes?.items.join('')).toContain('fill="#3671C6"');
    expect(boxes?.items.join('')).toContain('fill="#E8002D"');
    // Boxes run from q1 to q3: VER's box is 96.244 − 95.803 = 0.441 s wide, LEC's 0.489 s.
    const width = (item: string | undefined) => Number(item?.match(/d="M[\d.]+,[\d.]+h([\d.]+)/)?.[1]);
    expect(width(boxes?.items[2]) / width(boxes?.items[0])).toBeCloseTo(0.489 / 0.441, 2);
    expect(tickLabels(svg)).toEqual(expect.arrayContaining(['VER', 'NOR', 'LEC', '1:36.0']));
  });

  it('draws a heatmap cell per value, blank where there is none, labelled in a readable ink', async () => {
    const chart = CHART_EXAMPLES.heatmap;
    const svg = await renderSvg(chart);
    const [cells] = markGroups(svg);
    // 4 drivers × 6 rounds, less Hamilton's round 5 (null).
    expect(cells?.type).toBe('rect');
    expect(cells?.items).toHaveLength(23);
    // The top score (26) takes the scale's top colour (#b3122e) and white ink; a low one (8) dark ink.
    expect(cells?.items.find((c) => c.includes('Points (pts): 26'))).toContain('fill="rgb(179, 18, 46)"');
    const labels = [...svg.matchAll(/<text[^>]*fill="(#[0-9a-f]+)"[^>]*>(\d+)<\/text>/g)].map((m) => [
      m[2],
      m[1],
    ]);
    expect(labels).toContainEqual(['26', '#ffffff']);
    expect(labels).toContainEqual(['8', '#1a1a1a']);
    expect(tickLabels(svg)).toEqual(expect.arrayContaining(['1', '6', 'VER', 'HAM']));
  });
});
