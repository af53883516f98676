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
