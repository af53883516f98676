import type { ChartSpec } from '@pitwall/db/contracts';

type Encoding = ChartSpec['x'];
type Row = ChartSpec['data'][number];

export interface BarLayout {
  orientation: 'horizontal' | 'vertical';
  /** The categorical encoding, drawn as bands. */
  band: Encoding;
  /** The quantitative encoding, drawn as bar length. */
  value: Encoding;
  /** Props for the chart's `x` and `y` accessors, which follow orientation rather than the spec's names. */
  x: string;
  y: string;
}

/**
 * Horizontal bars put the categories on y. Specs name the encodings by role, so one whose x is
 * nominal but asks for horizontal bars is swapped rather than drawn sideways.
 */
export function barLayout(spec: ChartSpec): BarLayout {
  const xIsBand = spec.x.type !== 'quantitative';
  const yIsBand = spec.y.type !== 'quantitative';
  const orientation: BarLayout['orientation'] =
    spec.orientation === 'horizontal' || (yIsBand && !xIsBand) ? 'horizontal' : 'vertical';
  const band = orientation === 'horizontal' ? (yIsBand ? spec.y : spec.x) : xIsBand ? spec.x : spec.y;
  const value = band === spec.x ? spec.y : spec.x;
  return orientation === 'horizontal'
    ? { orientation, band, value, x: value.field, y: band.field }
    : { orientation, band, value, x: band.field, y: value.field };
}

/**
 * The left padding a horizontal chart needs for its longest category name ("Alpine F1 Team",
 * "PER (Lap 19)") at about 7 px a character, so a phone does not clip it; capped so the plot keeps room.
 */
export function bandAxisRoom(labels: string[]): number {
  return Math.min(150, Math.max(56, 28 + 7 * Math.max(0, ...labels.map((l) => l.length))));
}

export function axisLabel(encoding: Encoding): string {
  return encoding.unit ? `${encoding.label} (${encoding.unit})` : encoding.label;
}

/** Rows with no value cannot be drawn as bars; they are listed under the chart instead of vanishing. */
export function splitDrawable(spec: ChartSpec, valueField: string): { drawable: Row[]; missing: Row[] } {
  const drawable: Row[] = [];
  const missing: Row[] = [];
  for (const row of spec.data) {
    (typeof row[valueField] === 'number' && Number.isFinite(row[valueField]) ? drawable : missing).push(row);
  }
  return { drawable, missing };
}

/** Pairs each colour-domain value with its range colour, for the legend and tooltip swatches. */
export function colourMap(spec: ChartSpec): Map<string, string> {
  const map = new Map<string, string>();
  if (!spec.color) return map;
  spec.color.domain.forEach((key, i) => {
    const colour = spec.color?.range[i % Math.max(spec.color.range.length, 1)];
    if (colour) map.set(key, colour);
  });
  return map;
}

/** Data keys such as `aston_martin` read better as `Aston Martin`. */
export function humanize(key: string): string {
  return key.replace(/_/g, ' ').replace(/\b\p{Ll}/gu, (ch) => ch.toUpperCase());
}

/** Ink for specs without a colour scale; matches the file renderer. */
export const DEFAULT_COLOUR = '#1f5fa8';
export type Range = [number, number];

/** Light fills (HARD tyres, Haas grey) vanish on white unless they get a dark edge. */
export function isLight(hex: string): boolean {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 > 0.72;
}

/** Charts whose x axis counts laps get a lap-range control. */
export function isLapAxis(spec: ChartSpec): boolean {
  return spec.x.type === 'quantitative' && /\blap\b|_lap\b|^lap/i.test(`${spec.x.field} ${spec.x.label}`);
}

function numbers(rows: readonly Row[], field: string | undefined): number[] {
  if (!field) return [];
  return rows.flatMap((row) =>
    typeof row[field] === 'number' && Number.isFinite(row[field]) ? [row[field]] : [],
  );
}

function extentOf(values: number[]): Range | null {
  if (values.length === 0) return null;
  return [Math.min(...values), Math.max(...values)];
}

/** Full x extent of the data (both ends of ranges), the bounds of the lap-range control. */
export function xExtent(spec: ChartSpec): Range | null {
  if (spec.x.domain) return spec.x.domain;
  return extentOf([...numbers(spec.data, spec.x.field), ...numbers(spec.data, spec.x2?.field)]);
}

/** Rows inside an x range; a stint counts when any part of it falls inside. */
export function rowsInRange(spec: ChartSpec, rows: readonly Row[], range: Range | null): Row[] {
  if (!range || spec.x.type !== 'quantitative') return [...rows];
  const [lo, hi] = range;
  const { x, x2 } = spec;
  return rows.filter((row) => {
    const from = row[x.field];
    const to = x2 ? row[x2.field] : from;
    return typeof from === 'number' && typeof to === 'number' && to >= lo && from <= hi;
  });
}

/**
 * The y domain over the main rows and every overlay drawn on the same axes, so a fitted line is never
 * cut off; a fixed domain in the spec wins. Gaps keep zero, the leader's line.
 */
export function yDomain(spec: ChartSpec, rows: readonly Row[], range: Range | null): Range | undefined {
  if (spec.y.domain) return spec.y.domain;
  const values = numbers(rows, spec.y.field);
  for (const overlay of spec.overlays ?? []) {
    const inRange = range
      ? overlay.data.filter(
          (r) =>
            typeof r[overlay.x] === 'number' &&
            (r[overlay.x] as number) >= range[0] &&
            (r[overlay.x] as number) <= range[1],
        )
      : overlay.data;
    values.push(...numbers(inRange, overlay.y));
  }
  if (spec.y.format === 'gap' || spec.mark === 'bar') values.push(0);
  return extentOf(values) ?? undefined;
}

export interface SeriesGroup {
  key: string;
  colour: string;
  rows: Row[];
}

/** One group per line: by series, else by colour field, else one group; each with its spec colour. */
export function seriesGroups(spec: ChartSpec, rows: readonly Row[]): SeriesGroup[] {
  const colours = colourMap(spec);
  const field = spec.series?.field ?? spec.color?.field;
  const groups = new Map<string, SeriesGroup>();
  for (const row of rows) {
    const key = field ? String(row[field] ?? '') : '';
    let group = groups.get(key);
    if (!group) {
      group = { key, colour: colourOf(spec, colours, row), rows: [] };
      groups.set(key, group);
    }
    group.rows.push(row);
  }
  return [...groups.values()];
}

/** A row's colour from the spec's categorical scale. */
export function colourOf(spec: ChartSpec, colours: Map<string, string>, row: Row): string {
  if (!spec.color) return DEFAULT_COLOUR;
  return colours.get(String(row[spec.color.field] ?? '')) ?? '#888888';
}

export interface BoxRow {
  key: string;
  row: Row;
  /** Values beyond the whiskers, from `spec.box.outliers`. */
  outliers: number[];
}

/**
 * The boxes of a `box` spec, in the data's order, each with its outliers, and the value extent from the
 * lowest whisker or outlier to the highest, so nothing is drawn off the axis.
 */
export function boxRows(
  spec: ChartSpec,
  rows: readonly Row[],
): { boxes: BoxRow[]; extent: Range | undefined } {
  const box = spec.box;
  if (!box) return { boxes: [], extent: undefined };
  const category = spec.y.type === 'quantitative' ? spec.x : spec.y;
  const value = category === spec.y ? spec.x : spec.y;
  const outliers = new Map<string, number[]>();
  for (const o of box.outliers ?? []) {
    const v = o[value.field];
    if (typeof v !== 'number') continue;
    const key = String(o[category.field] ?? '');
    outliers.set(key, [...(outliers.get(key) ?? []), v]);
  }
  const boxes = rows.map((row) => {
    const key = String(row[category.field] ?? '');
    return { key, row, outliers: outliers.get(key) ?? [] };
  });
  const values = boxes.flatMap((b) => [
    ...numbers([b.row], box.lower),
    ...numbers([b.row], box.upper),
    ...b.outliers,
  ]);
  return { boxes, extent: extentOf(values) ?? undefined };
}

/** The colour at `t` (0–1) between a heatmap's two colours, mixed channel by channel. */
export function heatColour(range: readonly [string, string], t: number): string {
  const parse = (hex: string) => {
    const n = Number.parseInt(hex.slice(1), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  };
  const [a, b] = [parse(range[0]), parse(range[1])];
  const k = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const mixed = a.map((c, i) => Math.round(c + ((b[i] ?? c) - c) * k));
  return `#${mixed.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** Distinct values of a field in the data's order: a heatmap's columns or rows. */
export function categoriesOf(rows: readonly Row[], field: string): string[] {
  return [...new Set(rows.map((r) => String(r[field] ?? '')))];
}
