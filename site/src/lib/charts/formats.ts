import type { ChartSpec } from '@pitwall/db/contracts';

type Encoding = ChartSpec['x'];

/**
 * Axis and tooltip formats for chart values. Spec values for `laptime` and `gap` are seconds; the file
 * renderer (workflows/src/charts/formats.ts) prints them the same way.
 */

/** 96.123 s → "1:36.123"; rounded first so 59.9996 never prints as ":60.000". */
export function formatLaptime(seconds: number, decimals = 3): string {
  if (!Number.isFinite(seconds)) return '';
  const scale = 10 ** decimals;
  const total = Math.round(Math.abs(seconds) * scale);
  const minutes = Math.floor(total / (60 * scale));
  const rest = ((total - minutes * 60 * scale) / scale).toFixed(decimals);
  return `${seconds < 0 ? '-' : ''}${minutes}:${rest.padStart(decimals > 0 ? 3 + decimals : 2, '0')}`;
}

/** Gaps print signed, "+0.412"; the leader's zero stays bare. */
export function formatGap(seconds: number, decimals = 3): string {
  if (!Number.isFinite(seconds)) return '';
  if (Math.abs(seconds) < 1e-9) return decimals === 0 ? '0' : (0).toFixed(decimals);
  return `${seconds > 0 ? '+' : '-'}${Math.abs(seconds).toFixed(decimals)}`;
}

/** Decimals a tick needs to tell neighbours apart on an axis spanning `span` (about 8 ticks). */
export function tickDecimals(span: number): number {
  if (!(span > 0)) return 0;
  return Math.min(3, Math.max(0, -Math.floor(Math.log10(span / 8))));
}

/** Tick label formatter for an axis whose data spans `span` units. */
export function tickFormatter(encoding: Encoding, span: number): (value: unknown) => string {
  const decimals = tickDecimals(span);
  switch (encoding.format) {
    case 'laptime':
      return (v) => formatLaptime(Number(v), decimals);
    case 'gap':
      return (v) => (Number(v) === 0 ? '0' : formatGap(Number(v), decimals));
    case 'integer':
      // Half-lap ticks make no sense; blank them rather than print "2.5".
      return (v) => (Number.isInteger(Number(v)) ? String(v) : '');
    default:
      return (v) =>
        typeof v === 'number' ? v.toLocaleString('en-GB', { maximumFractionDigits: 3 }) : String(v);
  }
}

/** Full-precision text for tooltips and the data table, with the unit where there is one. */
export function valueText(encoding: Encoding, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value !== 'number') return String(value);
  if (encoding.format === 'laptime') return formatLaptime(value);
  if (encoding.format === 'gap') return `${formatGap(value)}${encoding.unit ? ` ${encoding.unit}` : ''}`;
  const text = value.toLocaleString('en-GB', {
    maximumFractionDigits: 3,
    useGrouping: Math.abs(value) >= 10_000,
  });
  return encoding.unit ? `${text} ${encoding.unit}` : text;
}

/** Whole-number ticks for lap, position and round axes: every one when few, else every 2, 5, 10… */
export function integerTicks(scale: { domain(): unknown[] }): number[] {
  const [a, b] = scale.domain().map(Number) as [number, number];
  const lo = Math.ceil(Math.min(a, b));
  const hi = Math.floor(Math.max(a, b));
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  const step = [1, 2, 5, 10, 20, 50, 100].find((s) => (hi - lo) / s <= 12) ?? 200;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi; t += step) ticks.push(t);
  return ticks;
}
