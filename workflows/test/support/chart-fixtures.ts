// The db package exports only its contracts index, so the examples are reached by path.
import { CHART_EXAMPLES } from '../../../db/src/contracts/chart-examples.ts';

/**
 * One realistic chart per kind. The examples live with the contracts so the site's tests and its chart
 * catalogue draw exactly what the file renderer is tested against.
 */
export { CHART_EXAMPLES };
export const CHART_FIXTURES = Object.values(CHART_EXAMPLES);

/** A mark container in Vega's SVG output, in drawing order (first is bottom-most). */
export interface SvgMarks {
  type: string;
  name: string;
  /** The opening tag of each drawn item, to read its fill, stroke and aria label. */
  items: string[];
}

/**
 * Vega wraps each mark's items in `<g class="mark-<type> role-mark <name>">` (never nested); a line
 * mark gets one such group per series, merged here into one entry.
 */
export function markGroups(svg: string): SvgMarks[] {
  const groups: SvgMarks[] = [];
  const re = /<g class="mark-(\w+) role-mark ([^"]+)"[^>]*>(.*?)<\/g>/gs;
  for (const m of svg.matchAll(re)) {
    const [type, name] = [m[1] ?? '', m[2] ?? ''];
    const items = [...(m[3] ?? '').matchAll(/<path[^>]*>/g)].map((p) => p[0]);
    const last = groups.at(-1);
    if (last?.name === name && last.type === type) last.items.push(...items);
    else groups.push({ type, name, items });
  }
  return groups;
}

/** Text of every axis tick label. */
export function tickLabels(svg: string): string[] {
  const out: string[] = [];
  for (const g of svg.matchAll(/<g class="mark-text role-axis-label"[^>]*>(.*?)<\/g>/gs)) {
    for (const t of (g[1] ?? '').matchAll(/<text[^>]*>([^<]*)<\/text>/g)) out.push(t[1] ?? '');
  }
  return out;
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
