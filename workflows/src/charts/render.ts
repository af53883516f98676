import type { Chart, ChartSpec } from '@pitwall/db/contracts';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Translates our chart spec into Vega-Lite; the site draws the same spec with LayerChart. */
export function toVegaLite(chart: Omit<Chart, 'files'>): TopLevelSpec {
  const spec: ChartSpec = chart.spec;
  const horizontal = spec.mark === 'bar' && spec.orientation === 'horizontal';
  const axisTitle = (e: ChartSpec['x']) => (e.unit ? `${e.label} (${e.unit})` : e.label);
  const category = horizontal ? spec.y : spec.x;
  const encode = (e: ChartSpec['x'], sorted: boolean) => ({
    field: e.field,
    type: e.type,
    title: axisTitle(e),
    // Bars keep the data's order (finishing order), not alphabetical.
    ...(sorted && e === category && spec.mark === 'bar' ? { sort: null } : {}),
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: chart.title, ...(chart.subtitle ? { subtitle: chart.subtitle } : {}) },
    width: 640,
    height: horizontal ? Math.max(160, spec.data.length * 22) : 320,
    background: '#ffffff',
    data: { values: spec.data },
    mark: { type: spec.mark, tooltip: true },
    encoding: {
      x: encode(spec.x, true),
      y: encode(spec.y, true),
      ...(spec.color
        ? {
            color: {
              field: spec.color.field,
              type: 'nominal',
              title: spec.color.label,
              scale: { domain: spec.color.domain, range: spec.color.range },
            },
          }
        : {}),
    },
  } as TopLevelSpec;
}

export async function renderSvg(chart: Omit<Chart, 'files'>): Promise<string> {
  const view = new vega.View(vega.parse(compile(toVegaLite(chart)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** PNG at 2× for sharp downloads and reports. */
export function svgToPng(svg: string): Uint8Array {
  const resvg = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: true } });
  return resvg.render().asPng();
}
