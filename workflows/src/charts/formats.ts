import type { Encoding } from '@pitwall/db/contracts';
import { expressionFunction } from 'vega';

/**
 * Number formats for chart axes and tooltips. Spec values are seconds for `laptime` and `gap`, so one
 * data set reads the same in every renderer; only the printing differs.
 */

/** 96.123 s → "1:36.123"; rounded to the millisecond first so 59.9996 never prints as ":60.000". */
export function formatLaptime(seconds: number, decimals = 3): string {
  if (!Number.isFinite(seconds)) return '';
  const scale = 10 ** decimals;
  const total = Math.round(Math.abs(seconds) * scale);
  const minutes = Math.floor(total / (60 * scale));
  const rest = (total - minutes * 60 * scale) / scale;
  const secs = rest.toFixed(decimals).padStart(decimals > 0 ? 3 + decimals : 2, '0');
  return `${seconds < 0 ? '-' : ''}${minutes}:${secs}`;
}

/** Axis ticks all carry the same decimals, chosen from the axis span: "1:36", or "1:36.2" when zoomed in. */
export function formatLaptimeTick(seconds: number, decimals = 0): string {
  return formatLaptime(seconds, decimals);
}

/** Gaps print signed, "+0.412"; the leader's zero stays bare. */
export function formatGap(seconds: number, decimals = 3): string {
  if (!Number.isFinite(seconds)) return '';
  if (seconds === 0) return (0).toFixed(decimals);
  return `${seconds > 0 ? '+' : '-'}${Math.abs(seconds).toFixed(decimals)}`;
}

/** Gap ticks: "+5", or "+0.2" on a narrow axis; the zero line reads "0". */
export function formatGapTick(seconds: number, decimals = 0): string {
  return Math.abs(seconds) < 1e-9 ? '0' : formatGap(seconds, decimals);
}

/** Ticks on a lap-time or gap axis: few enough that m:ss.s labels never crowd. */
export const TIME_TICKS = 8;

/** Decimals a tick needs to tell neighbours apart on an axis spanning `span` seconds. */
export function tickDecimals(span: number): number {
  if (!(span > 0)) return 0;
  return Math.min(3, Math.max(0, -Math.floor(Math.log10(span / TIME_TICKS))));
}

/** Data keys such as `aston_martin` read better as "Aston Martin"; driver codes stay as they are. */
export function humanize(key: unknown): string {
  return String(key ?? '')
    .replace(/_/g, ' ')
    .replace(/\b\p{Ll}/gu, (ch) => ch.toUpperCase());
}

/** Custom Vega format types, named so Vega-Lite's `formatType` can call them in axis and tooltip code. */
export const FORMAT_TYPES = {
  pwLaptime: (v: unknown) => formatLaptime(Number(v)),
  pwLaptimeTick: (v: unknown, decimals?: unknown) => formatLaptimeTick(Number(v), Number(decimals ?? 0)),
  pwGap: (v: unknown) => formatGap(Number(v)),
  pwGapTick: (v: unknown, decimals?: unknown) => formatGapTick(Number(v), Number(decimals ?? 0)),
  pwHumanize: (v: unknown) => humanize(v),
} as const;

let registered = false;
/** Vega keeps expression functions in a module-level table; registering twice is harmless but pointless. */
export function registerFormats(): void {
  if (registered) return;
  for (const [name, fn] of Object.entries(FORMAT_TYPES)) expressionFunction(name, fn);
  registered = true;
}

type GuideFormat = { format?: string; formatType?: string; tickCount?: number };

/** Format for axis tick labels; `span` is the axis extent in data units. */
export function axisFormat(encoding: Encoding, span = 0): GuideFormat {
  switch (encoding.format) {
    case 'laptime':
      return { formatType: 'pwLaptimeTick', format: String(tickDecimals(span)), tickCount: TIME_TICKS };
    case 'gap':
      return { formatType: 'pwGapTick', format: String(tickDecimals(span)), tickCount: TIME_TICKS };
    case 'integer':
      return { format: 'd' };
    default:
      return {};
  }
}

/** Format for tooltips, which show the full precision of the data. */
export function tooltipFormat(encoding: Encoding): GuideFormat {
  switch (encoding.format) {
    case 'laptime':
      return { formatType: 'pwLaptime' };
    case 'gap':
      return { formatType: 'pwGap' };
    case 'integer':
      return { format: 'd' };
    default:
      return encoding.type === 'quantitative' ? { format: ',.3~f' } : {};
  }
}

/** Axis title with its unit, "Gap to leader (s)". */
export function axisTitle(encoding: Encoding): string {
  return encoding.unit ? `${encoding.label} (${encoding.unit})` : encoding.label;
}
