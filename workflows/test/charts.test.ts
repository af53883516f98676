import { mkdirSync, writeFileSync } from 'node:fs';
import type { ChartDraft } from '@pitwall/db/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { axisTitle } from '../src/charts/formats.ts';
import { renderSvg, svgToPng } from '../src/charts/render.ts';
import { CHART_WIDTH } from '../src/charts/vega-lite.ts';
import { CHART_FIXTURES, markGroups, PNG_SIGNATURE, pngSize } from './support/chart-fixtures.ts';

/**
 * Every chart kind through the file renderer: structural checks on the SVG, then a PNG written to
 * test-results/charts/ (gitignored) for a person to look at.
 */
const OUT = new URL('../test-results/charts/', import.meta.url);

const rendered = new Map<string, string>();
beforeAll(async () => {
  for (const chart of CHART_FIXTURES) rendered.set(chart.kind, await renderSvg(chart));
});

/** Rows the main mark can draw: non-null numbers on every quantitative channel. */
function drawable(chart: ChartDraft) {
  const { spec } = chart;
  // A box is drawn from its statistics, a heatmap cell from its value, not from the axis fields.
  const numeric =
    spec.mark === 'box'
      ? [spec.box?.q1 ?? '', spec.box?.q3 ?? '']
      : spec.mark === 'heatmap'
        ? [spec.heat?.field ?? '']
        : [spec.x, spec.y].filter((e) => e.type === 'quantitative').map((e) => e.field);
  return spec.data.filter((row) => numeric.every((f) => typeof row[f] === 'number'));
}

/** The group holding the main mark: the first after the band rects (a box plot's boxes follow its whiskers). */
function mainMarks(chart: ChartDraft, svg: string) {
  const groups = markGroups(svg);
  return groups[(chart.spec.bands?.length ? 1 : 0) + (chart.spec.mark === 'box' ? 1 : 0)];
}

describe.each(CHART_FIXTURES.map((c) => [c.kind, c] as const))('%s chart', (kind, chart) => {
  const svg = () => rendered.get(kind) ?? '';

  it('has the title and both axis titles with units', () => {
    expect(svg().startsWith('<svg')).toBe(true);
    expect(svg()).toContain(`>${chart.title}<`);
    expect(svg()).toContain(`>${axisTitle(chart.spec.x)}<`);
    expect(svg()).toContain(`>${axisTitle(chart.spec.y)}<`);
  });

  it('draws one path per series for lines, one item per row otherwise', () => {
    const main = mainMarks(chart, svg());
    const { spec } = chart;
    if (spec.mark === 'line') {
      const seriesField = spec.series?.field;
      const expected = seriesField ? new Set(spec.data.map((r) => r[seriesField])).size : 1;
      expect(main?.type).toBe('line');
      expect(main?.items).toHaveLength(expected);
    } else {
      expect(main?.type).toBe(spec.mark === 'point' ? 'symbol' : 'rect');
      expect(main?.items).toHaveLength(drawable(chart).length);
    }
  });

  it('uses the spec colour of every drawn category', () => {
    const { color } = chart.spec;
    if (!color) return;
    const main = mainMarks(chart, svg())?.items.join('\n').toLowerCase() ?? '';
    const present = new Set(drawable(chart).map((r) => String(r[color.field])));
    color.domain.forEach((key, i) => {
      if (present.has(key)) expect(main).toContain(`"${color.range[i]?.toLowerCase()}"`);
    });
  });

  it('shades each band with its colour behind the marks, and names it in a legend', () => {
    const bands = chart.spec.bands ?? [];
    if (bands.length === 0) return;
    const [first] = markGroups(svg());
    expect(first?.type).toBe('rect');
    expect(first?.items).toHaveLength(bands.length);
    for (const band of bands) {
      expect(first?.items.join('')).toContain(`fill="${band.colour}"`);
      expect(svg()).toContain(`>${band.label}<`);
    }
  });

  it('converts to a PNG at twice the SVG size', () => {
    const png = svgToPng(svg());
    expect([...png.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    const width = Number(svg().match(/width="(\d+)"/)?.[1]);
    const height = Number(svg().match(/height="(\d+)"/)?.[1]);
    expect(width).toBe(CHART_WIDTH);
    expect(pngSize(png)).toEqual({ width: 2 * width, height: 2 * height });
    mkdirSync(OUT, { recursive: true });
    writeFileSync(new URL(`${kind}.png`, OUT), png);
    writeFileSync(new URL(`${kind}.svg`, OUT), svg());
  });
});
