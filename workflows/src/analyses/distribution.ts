import type { ChartSpec, Encoding } from '@pitwall/db/contracts';
import { boxStats, round } from './stats.ts';

type Cell = string | number | null;
type ColourScale = NonNullable<ChartSpec['color']>;

/** One box of a distribution chart: its category, the values it summarises and fields to show with it. */
export type BoxGroup = { key: string; values: readonly number[]; extra?: Record<string, Cell> };

/**
 * A `box` chart spec: one horizontal box per group, in the groups' order (finishing order, ranking), so
 * names stay readable on a phone however many there are. Statistics come from `boxStats` and are rounded
 * to `digits` decimals (3 for seconds: milliseconds). Groups without values are left out.
 */
export function boxSpec(input: {
  category: { field: string; label: string };
  value: Encoding;
  groups: readonly BoxGroup[];
  color?: ColourScale;
  digits?: number;
}): ChartSpec {
  const { category, value } = input;
  const unit = value.unit ? ` (${value.unit})` : '';
  const r = (x: number) => round(x, input.digits ?? 3);
  const data: Record<string, Cell>[] = [];
  const outliers: Record<string, Cell>[] = [];
  for (const group of input.groups) {
    const stats = boxStats(group.values);
    if (!stats) continue;
    data.push({
      [category.field]: group.key,
      ...group.extra,
      lower: r(stats.lower),
      q1: r(stats.q1),
      median: r(stats.median),
      q3: r(stats.q3),
      upper: r(stats.upper),
      n: stats.n,
    });
    for (const o of stats.outliers)
      outliers.push({ [category.field]: group.key, ...group.extra, [value.field]: r(o) });
  }
  return {
    mark: 'box',
    orientation: 'horizontal',
    x: value,
    y: { field: category.field, label: category.label, type: 'nominal' },
    box: { lower: 'lower', q1: 'q1', median: 'median', q3: 'q3', upper: 'upper', outliers },
    ...(input.color ? { color: input.color } : {}),
    tooltip: [
      { field: 'median', label: `Median${unit}` },
      { field: 'q1', label: `Lower quartile${unit}` },
      { field: 'q3', label: `Upper quartile${unit}` },
      { field: 'lower', label: `Lower whisker${unit}` },
      { field: 'upper', label: `Upper whisker${unit}` },
      { field: 'n', label: 'Values' },
    ],
    data,
  };
}
