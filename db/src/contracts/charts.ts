import { z } from 'zod';

/**
 * One chart spec for every renderer: the site draws it with LayerChart, the Node worker renders it to
 * SVG/PNG files. Data rows are plain records; encodings name their fields.
 */
export const ChartKindSchema = z.enum([
  'lap_times',
  'stints',
  'degradation',
  'positions',
  'gaps',
  'quali_gaps',
  'points',
  'bar',
  'scatter',
  'line',
]);

const EncodingSchema = z.object({
  field: z.string(),
  label: z.string(),
  type: z.enum(['quantitative', 'nominal', 'ordinal']),
  unit: z.string().optional(),
});

export const ChartSpecSchema = z.object({
  mark: z.enum(['bar', 'line', 'point']),
  /** For bars: horizontal puts categories on the y axis. */
  orientation: z.enum(['vertical', 'horizontal']).default('vertical'),
  x: EncodingSchema,
  y: EncodingSchema,
  color: z
    .object({ field: z.string(), label: z.string(), domain: z.array(z.string()), range: z.array(z.string()) })
    .optional(),
  data: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))).max(20_000),
});
export type ChartSpec = z.infer<typeof ChartSpecSchema>;

export const ChartSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,60}$/),
  kind: ChartKindSchema,
  title: z.string(),
  subtitle: z.string().optional(),
  spec: ChartSpecSchema,
  /** File names under the analysis (`GET /api/analyses/:id/files/:name`). */
  files: z.object({ svg: z.string().optional(), png: z.string().optional() }),
});
export type Chart = z.infer<typeof ChartSchema>;
