import type { ChartDraft, ChartSpec } from '@pitwall/db/contracts';
import type { TopLevelSpec } from 'vega-lite';
import { boxLayers } from './box.ts';
import {
  colour,
  DEFAULT_COLOUR,
  hasLightColours,
  isHorizontal,
  type Json,
  position,
  span,
  tooltip,
} from './encodings.ts';
import { heatmapLayers } from './heatmap.ts';
import { bandLayers, overlayLayers } from './layers.ts';

/** Total width of a rendered chart in CSS pixels; PNGs are twice this. */
export const CHART_WIDTH = 720;
const PLOT_HEIGHT = 320;
const OUTLINE = '#1a1a1a';

/**
 * Translates our chart spec into Vega-Lite for the file renderer (the site draws the same spec with
 * LayerChart). Layers, bottom to top: bands, the main mark, overlays.
 */
export function toVegaLite(chart: ChartDraft): TopLevelSpec {
  const spec = chart.spec;
  const layer = [...bandLayers(spec), ...MARKS[spec.mark](spec), ...overlayLayers(spec)];
  const overlayOwnColours = (spec.overlays ?? []).some(
    (o) => typeof o.colour === 'object' && o.colour.field !== spec.color?.field,
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: chart.title, ...(chart.subtitle ? { subtitle: chart.subtitle } : {}), anchor: 'start' },
    width: CHART_WIDTH,
    height: plotHeight(spec),
    // The plot shrinks to fit axes and legends, so every file is the same width whatever its labels.
    autosize: { type: 'fit-x', contains: 'padding' },
    padding: 12,
    background: '#ffffff',
    layer,
    ...(overlayOwnColours ? { resolve: { scale: { color: 'independent' } } } : {}),
    config: {
      // Lets axes and tooltips call the registered lap-time and gap formats (formats.ts).
      customFormatTypes: true,
      font: 'Liberation Sans, Arial, Helvetica, sans-serif',
      title: { fontSize: 16, subtitleFontSize: 12, subtitleColor: '#555555', offset: 12 },
      axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e6e6e6' },
      legend: { labelFontSize: 11, titleFontSize: 11, symbolSize: 90 },
      view: { stroke: null },
    },
  } as unknown as TopLevelSpec;
}

/** Horizontal bars grow with their categories so labels never overlap. */
function plotHeight(spec: ChartSpec): number {
  if (spec.mark === 'heatmap' || (spec.mark === 'box' && spec.y.type !== 'quantitative')) {
    const rows = new Set(spec.data.map((r) => r[spec.y.field])).size;
    return Math.max(120, rows * (spec.mark === 'heatmap' ? 20 : 28));
  }
  if (!isHorizontal(spec)) return PLOT_HEIGHT;
  const category = spec.y.type === 'quantitative' ? spec.x.field : spec.y.field;
  const count = new Set(spec.data.map((r) => r[category])).size;
  return Math.max(120, count * 28);
}

const MARKS: Record<ChartSpec['mark'], (spec: ChartSpec) => Json[]> = {
  bar,
  line,
  point,
  range,
  box: boxLayers,
  heatmap: heatmapLayers,
};

/** Bars start at zero; categories keep the data's order. */
function bar(spec: ChartSpec): Json[] {
  const horizontal = isHorizontal(spec);
  const category = spec.x.type === 'quantitative' ? spec.y : spec.x;
  const value = category === spec.x ? spec.y : spec.x;
  const axis = category === spec.x ? 'y' : 'x';
  const coloured = colour(spec);
  // Bars already labelled by team need no team legend.
  const c = coloured && spec.color?.field === category.field ? { ...coloured, legend: null } : coloured;
  return [
    {
      data: { values: spec.data },
      mark: {
        type: 'bar',
        tooltip: true,
        ...(c ? {} : { color: DEFAULT_COLOUR }),
        ...(hasLightColours(spec) ? { stroke: OUTLINE, strokeWidth: 0.75 } : {}),
      },
      encoding: {
        [horizontal ? 'y' : 'x']: position(category, { bars: true }),
        [horizontal ? 'x' : 'y']: position(value, { zero: true, span: span(spec, axis) }),
        ...(c ? { color: c } : {}),
        tooltip: tooltip(spec),
      },
    },
  ];
}

/** One line per series value; points on each lap while they stay legible. */
function line(spec: ChartSpec): Json[] {
  const c = colour(spec);
  const seriesCount = spec.series ? new Set(spec.data.map((r) => r[spec.series?.field ?? ''])).size : 1;
  const showPoints = spec.data.length / Math.max(seriesCount, 1) <= 40;
  const detail =
    spec.series && spec.series.field !== spec.color?.field ? { detail: { field: spec.series.field } } : {};
  return [
    {
      data: { values: spec.data },
      mark: {
        type: 'line',
        strokeWidth: 2,
        tooltip: true,
        ...(c ? {} : { color: DEFAULT_COLOUR }),
        ...(showPoints ? { point: { filled: true, size: 24 } } : {}),
      },
      encoding: {
        x: position(spec.x, { span: span(spec, 'x') }),
        y: position(spec.y, { span: span(spec, 'y') }),
        ...(c ? { color: c } : {}),
        ...detail,
        tooltip: tooltip(spec),
      },
    },
  ];
}

/** Filled points with a dark edge so light compound colours stay visible. */
function point(spec: ChartSpec): Json[] {
  const c = colour(spec);
  return [
    {
      data: { values: spec.data },
      mark: {
        type: 'point',
        filled: true,
        size: 55,
        opacity: 0.9,
        stroke: OUTLINE,
        strokeWidth: 0.6,
        tooltip: true,
        ...(c ? {} : { color: DEFAULT_COLOUR }),
      },
      encoding: {
        x: position(spec.x, { span: span(spec, 'x') }),
        y: position(spec.y, { span: span(spec, 'y') }),
        ...(c ? { color: c } : {}),
        tooltip: tooltip(spec),
      },
    },
  ];
}

/** Bars from x to x2 along each category (tyre stints), outlined because HARD is near-white. */
function range(spec: ChartSpec): Json[] {
  const category = spec.y.type === 'quantitative' ? spec.x : spec.y;
  const start = category === spec.y ? spec.x : spec.y;
  const c = colour(spec);
  return [
    {
      data: { values: spec.data },
      mark: {
        type: 'bar',
        height: { band: 0.62 },
        stroke: OUTLINE,
        strokeWidth: 1,
        cornerRadius: 2,
        tooltip: true,
        ...(c ? {} : { color: DEFAULT_COLOUR }),
      },
      encoding: {
        y: position(category, { bars: true }),
        x: position(start),
        ...(spec.x2 ? { x2: { field: spec.x2.field } } : {}),
        ...(c ? { color: c } : {}),
        tooltip: tooltip(spec),
      },
    },
  ];
}
