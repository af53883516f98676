import type { ChartSpec } from '@pitwall/db/contracts';
import { colour, DEFAULT_COLOUR, type Json, position } from './encodings.ts';
import { axisTitle, tooltipFormat } from './formats.ts';

const EDGE = '#1a1a1a';

/**
 * Box plots from the statistics in the rows (`spec.box` names the fields): a whisker rule from `lower`
 * to `upper`, a box from `q1` to `q3` in the category's colour, a dark median tick, and the outliers as
 * hollow points. Horizontal specs put the categories on y. Each layer names the categories in the data's
 * order, so boxes keep finishing or ranking order.
 */
export function boxLayers(spec: ChartSpec): Json[] {
  const box = spec.box;
  if (!box) return [];
  const horizontal = spec.y.type !== 'quantitative';
  const category = horizontal ? spec.y : spec.x;
  const value = horizontal ? spec.x : spec.y;
  const [cat, val] = horizontal ? ['y', 'x'] : ['x', 'y'];
  const names = [...new Set(spec.data.map((r) => String(r[category.field] ?? '')))];
  const categoryChannel = {
    ...position(category, { bars: true }),
    scale: { domain: names, paddingInner: 0.35 },
  };
  // The value axis spans whisker to whisker and every outlier; its tick format needs that width.
  const extent = [
    ...spec.data.flatMap((r) => [r[box.lower], r[box.upper]]),
    ...(box.outliers ?? []).map((r) => r[value.field]),
  ].filter((v): v is number => typeof v === 'number');
  const span = extent.length > 0 ? Math.max(...extent) - Math.min(...extent) : 0;
  const valueAt = (field: string) => ({
    ...position({ ...value, field }, { span }),
    title: axisTitle(value),
  });
  const c = colour(spec);
  // The category axis already names each box; a legend of the same names would repeat it.
  const fill = c && spec.color?.field === category.field ? { ...c, legend: null } : c;
  const statTips = [
    { field: category.field, title: category.label, type: 'nominal' },
    ...(['median', 'q1', 'q3', 'lower', 'upper'] as const).map((k) => ({
      field: box[k],
      title: TIP_TITLES[k],
      type: 'quantitative',
      ...tooltipFormat(value),
    })),
    ...(spec.tooltip ?? [])
      .filter((t) => !Object.values(box).includes(t.field))
      .map((t) => ({ field: t.field, title: t.label })),
  ];
  const data = { values: spec.data };
  const layers: Json[] = [
    {
      data,
      mark: { type: 'rule', color: EDGE, strokeWidth: 1.2 },
      encoding: { [cat]: categoryChannel, [val]: valueAt(box.lower), [`${val}2`]: { field: box.upper } },
    },
    {
      data,
      mark: {
        type: 'bar',
        stroke: EDGE,
        strokeWidth: 0.9,
        tooltip: true,
        ...(fill ? {} : { color: DEFAULT_COLOUR }),
      },
      encoding: {
        [cat]: categoryChannel,
        [val]: valueAt(box.q1),
        [`${val}2`]: { field: box.q3 },
        ...(fill ? { color: fill } : {}),
        tooltip: statTips,
      },
    },
    {
      data,
      mark: { type: 'tick', color: EDGE, thickness: 2.5, bandSize: 0.65 },
      encoding: { [cat]: categoryChannel, [val]: valueAt(box.median) },
    },
  ];
  const outliers = box.outliers ?? [];
  if (outliers.length > 0) {
    layers.push({
      data: { values: outliers },
      mark: { type: 'point', filled: false, size: 30, color: EDGE, strokeWidth: 1, tooltip: true },
      encoding: {
        [cat]: categoryChannel,
        [val]: valueAt(value.field),
        tooltip: [
          { field: category.field, title: category.label, type: 'nominal' },
          {
            field: value.field,
            title: `Outlier: ${axisTitle(value)}`,
            type: 'quantitative',
            ...tooltipFormat(value),
          },
        ],
      },
    });
  }
  return layers;
}

const TIP_TITLES = {
  median: 'Median',
  q1: 'Lower quartile',
  q3: 'Upper quartile',
  lower: 'Lower whisker',
  upper: 'Upper whisker',
} as const;
