import type { ChartSpec, Encoding } from '@pitwall/db/contracts';
import { axisFormat, axisTitle, tooltipFormat } from './formats.ts';

/** Vega-Lite channel definitions shared by the main mark and the layers drawn around it. */

export type Json = Record<string, unknown>;

/** Default ink when a spec has no colour scale: a dark blue that prints well. */
export const DEFAULT_COLOUR = '#1f5fa8';

/** Light fills (HARD tyres, Haas grey) vanish on white unless they get a dark edge. */
export function isLight(hex: string): boolean {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 > 0.72;
}

export function hasLightColours(spec: ChartSpec): boolean {
  return (spec.color?.range ?? []).some(isLight);
}

/** The categorical axis of a bar or range chart: horizontal bars put it on y. */
export function isHorizontal(spec: ChartSpec): boolean {
  if (spec.mark === 'range') return true;
  if (spec.mark !== 'bar') return false;
  return (
    spec.orientation === 'horizontal' || (spec.y.type !== 'quantitative' && spec.x.type === 'quantitative')
  );
}

/**
 * A position channel. `zero` only where length carries meaning (bar values); lap and lap-time axes
 * fit the data, or they would squash every line into the top of the chart.
 */
export function position(
  encoding: Encoding,
  opts: { zero?: boolean; span?: number; bars?: boolean } = {},
): Json {
  const continuous = encoding.type === 'quantitative';
  const scale: Json = {};
  // Gaps are measured from the leader, so the zero line belongs on the axis.
  if (continuous) scale.zero = opts.zero ?? encoding.format === 'gap';
  if (encoding.domain) {
    scale.domain = encoding.domain;
    scale.nice = false;
  } else if (continuous && encoding.format === 'integer' && !opts.zero) {
    // Laps, positions and rounds end where the data ends (not at a "nice" lap 0), with a few pixels of
    // air so the first and last points are not cut in half by the plot edge.
    scale.nice = false;
    scale.padding = 10;
  }
  if (encoding.reverse) scale.reverse = true;
  // Bars get air between them; a line's categories (rounds) sit on points and take no band padding.
  if (!continuous && opts.bars) scale.paddingInner = 0.3;
  const axis: Json = {
    ...axisFormat(encoding, encoding.domain ? encoding.domain[1] - encoding.domain[0] : opts.span),
  };
  // Integers (laps, positions, rounds) never get half ticks.
  if (encoding.format === 'integer') axis.tickMinStep = 1;
  if (!continuous) {
    axis.labelAngle = 0;
    axis.labelExpr = 'pwHumanize(datum.label)';
  }
  return {
    field: encoding.field,
    type: encoding.type,
    title: axisTitle(encoding),
    scale,
    axis,
    // Categories keep the data's order (finishing order, grid order), not alphabetical.
    ...(continuous ? {} : { sort: null }),
  };
}

/** Colour by the spec's categorical scale, or by series with the default palette when no scale is given. */
export function colour(spec: ChartSpec): Json | undefined {
  if (spec.color) {
    const { field, label, domain, range } = spec.color;
    return {
      field,
      type: 'nominal',
      title: label,
      scale: domain.length > 0 ? { domain, range } : { range },
      legend: { ...legendFor(domain.length), ...(range.some(isLight) ? LIGHT_SYMBOLS : {}) },
    };
  }
  if (spec.series) {
    return { field: spec.series.field, type: 'nominal', title: spec.series.label, legend: legendFor(8) };
  }
  return undefined;
}

/** Legends sit under the plot so every chart keeps the same plot width. */
export function legendFor(entries: number): Json {
  return {
    orient: 'bottom',
    direction: 'horizontal',
    columns: Math.min(Math.max(entries, 1), 8),
    labelExpr: 'pwHumanize(datum.label)',
  };
}

/** Legend swatches get the marks' dark edge when a colour would vanish on white. */
const LIGHT_SYMBOLS = { symbolStrokeColor: '#1a1a1a', symbolStrokeWidth: 0.8 };

/** Extent of a numeric field over the main rows and the overlays drawn on the same axis. */
export function span(spec: ChartSpec, axis: 'x' | 'y'): number {
  const field = spec[axis].field;
  const values: number[] = [];
  for (const row of spec.data) if (typeof row[field] === 'number') values.push(row[field]);
  for (const overlay of spec.overlays ?? []) {
    for (const row of overlay.data) {
      const v = row[overlay[axis]];
      if (typeof v === 'number') values.push(v);
    }
  }
  return values.length > 0 ? Math.max(...values) - Math.min(...values) : 0;
}

/** Tooltip fields: the two positions, the colour and series keys, then the spec's extra fields. */
export function tooltip(spec: ChartSpec): Json[] {
  const seen = new Set<string>();
  const out: Json[] = [];
  const add = (field: string, title: string, extra: Json = {}) => {
    if (seen.has(field)) return;
    seen.add(field);
    out.push({ field, title, ...extra });
  };
  if (spec.series) add(spec.series.field, spec.series.label, { type: 'nominal' });
  if (spec.color) add(spec.color.field, spec.color.label, { type: 'nominal' });
  for (const e of [spec.x, spec.y]) add(e.field, axisTitle(e), { type: e.type, ...tooltipFormat(e) });
  if (spec.x2) add(spec.x2.field, 'To', { type: 'quantitative' });
  for (const t of spec.tooltip ?? []) add(t.field, t.label);
  return out;
}
