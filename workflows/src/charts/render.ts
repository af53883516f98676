import type { ChartDraft } from '@pitwall/db/contracts';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { registerFormats } from './formats.ts';
import { toVegaLite } from './vega-lite.ts';

export { toVegaLite } from './vega-lite.ts';

/** Renders a chart to a standalone SVG string (no browser: Vega's headless view). */
export async function renderSvg(chart: ChartDraft): Promise<string> {
  registerFormats();
  const view = new vega.View(vega.parse(compile(toVegaLite(chart)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * PNG at 2× for sharp downloads and reports. The SVG names a font stack; resvg resolves it against the
 * machine's fonts, with Liberation Sans (metric-compatible with Arial, which Vega measures text as) first.
 */
export function svgToPng(svg: string): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'Liberation Sans', sansSerifFamily: 'Liberation Sans' },
  });
  return resvg.render().asPng();
}
