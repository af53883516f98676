import type { ChartSpec } from '@pitwall/db/contracts';
import { isLight, type Json } from './encodings.ts';

type Overlay = NonNullable<ChartSpec['overlays']>[number];
type Row = ChartSpec['data'][number];

/** Field names for band ends; prefixed so they cannot collide with a spec's own fields. */
const BAND_TO = '__band_to';
const BAND_LABEL = '__band_label';

/**
 * Shaded x ranges (SC/VSC laps) as full-height rects under every mark. The band rows reuse the main x
 * field name so the layers share one x scale and one axis title; a `fill` legend names each band.
 */
export function bandLayers(spec: ChartSpec): Json[] {
  const bands = spec.bands ?? [];
  if (bands.length === 0) return [];
  const labels = [...new Set(bands.map((b) => b.label))];
  const colours = labels.map((l) => bands.find((b) => b.label === l)?.colour ?? '#cccccc');
  return [
    {
      data: {
        values: bands.map((b) => ({ [spec.x.field]: b.from, [BAND_TO]: b.to, [BAND_LABEL]: b.label })),
      },
      mark: { type: 'rect', opacity: 0.35, tooltip: false },
      encoding: {
        x: { field: spec.x.field, type: 'quantitative' },
        x2: { field: BAND_TO },
        fill: {
          field: BAND_LABEL,
          type: 'nominal',
          title: 'Track status',
          scale: { domain: labels, range: colours },
          legend: { orient: 'bottom', direction: 'horizontal', symbolType: 'square', symbolOpacity: 0.6 },
        },
      },
    },
  ];
}

/**
 * Overlays (fitted lines, reference rules) drawn after the main mark. Their rows are renamed onto the
 * main x/y fields so they share its scales; a colour field shares the main colour scale when it is the
 * same field, which keeps a fitted MEDIUM line the same yellow as the MEDIUM points.
 */
export function overlayLayers(spec: ChartSpec): Json[] {
  return (spec.overlays ?? []).flatMap((overlay) => overlayLayer(spec, overlay));
}

function overlayLayer(spec: ChartSpec, overlay: Overlay): Json[] {
  const values = overlay.data.map(
    (row): Row => ({
      ...row,
      [spec.x.field]: row[overlay.x] ?? null,
      [spec.y.field]: row[overlay.y] ?? null,
    }),
  );
  const x = { field: spec.x.field, type: 'quantitative' };
  const y = { field: spec.y.field, type: 'quantitative' };
  const fixed = typeof overlay.colour === 'string' ? overlay.colour : undefined;
  const fixedColour = fixed ? { color: fixed } : {};
  const byField = typeof overlay.colour === 'object' ? overlay.colour.field : undefined;
  const colourEncoding = byField
    ? {
        color: {
          field: byField,
          type: 'nominal',
          // Same field as the main colour: Vega-Lite merges the scales and legends when the titles agree.
          title: byField === spec.color?.field ? spec.color.label : byField,
        },
      }
    : {};
  const dash = overlay.dashed ? { strokeDash: [7, 4] } : {};
  const detail = overlay.series ? { detail: { field: overlay.series, type: 'nominal' } } : {};
  const data = { values };

  if (overlay.mark === 'rule') {
    // A row without x is a horizontal reference (a target lap time); one without y is vertical (a lap).
    const base = { type: 'rule', strokeWidth: 1.5, color: fixed ?? '#444444', ...dash };
    return [
      {
        data,
        transform: [{ filter: `datum['${spec.x.field}'] == null` }],
        mark: base,
        encoding: { y, ...colourEncoding },
      },
      {
        data,
        transform: [{ filter: `datum['${spec.y.field}'] == null` }],
        mark: base,
        encoding: { x, ...colourEncoding },
      },
    ];
  }
  if (overlay.mark === 'point') {
    return [
      {
        data,
        mark: {
          type: 'point',
          filled: true,
          size: 70,
          shape: 'diamond',
          stroke: '#111111',
          strokeWidth: 0.8,
          ...fixedColour,
        },
        encoding: { x, y, ...colourEncoding },
      },
    ];
  }
  const light = fixed ? isLight(fixed) : (spec.color?.range ?? []).some(isLight);
  const line = { type: 'line', strokeWidth: 2.5, ...dash };
  const layers: Json[] = [];
  // A dark casing under the line keeps light colours (HARD white) visible against the white plot.
  if (light) {
    layers.push({
      data,
      mark: { ...line, strokeWidth: 4.5, color: '#222222' },
      encoding: { x, y, ...detail },
    });
  }
  layers.push({ data, mark: { ...line, ...fixedColour }, encoding: { x, y, ...detail, ...colourEncoding } });
  return layers;
}
