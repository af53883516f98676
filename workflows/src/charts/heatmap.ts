import type { ChartSpec } from '@pitwall/db/contracts';
import { type Json, position } from './encodings.ts';

/**
 * A heatmap: one rect per x × y category shaded along `spec.heat.range` by the value, with the value
 * printed in each cell when `labels` asks, in white on the darkest third of the scale. Cells whose value is
 * null stay blank (a round the driver missed), and the categories keep the data's order.
 */
export function heatmapLayers(spec: ChartSpec): Json[] {
  const heat = spec.heat;
  if (!heat) return [];
  const field = heat.field;
  const values = spec.data.map((r) => r[field]).filter((v): v is number => typeof v === 'number');
  const max = values.length > 0 ? Math.max(...values) : 0;
  const min = values.length > 0 ? Math.min(...values) : 0;
  const order = (f: string) => [...new Set(spec.data.map((r) => r[f]))];
  const axis = (e: ChartSpec['x']) => ({
    ...position({ ...e, type: e.type === 'quantitative' ? 'ordinal' : e.type }, { bars: true }),
    scale: { domain: order(e.field), paddingInner: 0.06 },
  });
  const title = heat.unit ? `${heat.label} (${heat.unit})` : heat.label;
  const encoding = { x: axis(spec.x), y: axis(spec.y) };
  const data = { values: spec.data };
  const present = [{ filter: `isValid(datum['${field}'])` }];
  const tooltip = [
    { field: spec.y.field, title: spec.y.label },
    { field: spec.x.field, title: spec.x.label },
    { field, title },
    ...(spec.tooltip ?? []).map((t) => ({ field: t.field, title: t.label })),
  ];
  const layers: Json[] = [
    {
      data,
      transform: present,
      mark: { type: 'rect', tooltip: true, stroke: '#ffffff', strokeWidth: 0.5 },
      encoding: {
        ...encoding,
        color: {
          field,
          type: 'quantitative',
          title,
          // Mixed channel by channel, as the site mixes them, so both renderers shade a cell alike.
          scale: { range: heat.range, domain: [min, max], interpolate: 'rgb' },
          legend: { orient: 'bottom', direction: 'horizontal', gradientLength: 200 },
        },
        tooltip,
      },
    },
  ];
  if (heat.labels) {
    // White only where the fill is dark enough for it (the top third of the scale).
    const dark = min + (max - min) * 0.68;
    layers.push({
      data,
      transform: present,
      mark: { type: 'text', fontSize: 10, baseline: 'middle' },
      encoding: {
        ...encoding,
        text: { field, type: 'quantitative', format: '~r' },
        color: { condition: { test: `datum['${field}'] > ${dark}`, value: '#ffffff' }, value: '#1a1a1a' },
      },
    });
  }
  return layers;
}
