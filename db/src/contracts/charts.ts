import { z } from 'zod';

/**
 * One chart spec for every renderer: the site draws it with LayerChart, the Node worker renders it to
 * SVG/PNG files (Vega-Lite). Data rows are plain records; encodings name their fields. The spec says what
 * to show, not how to draw it, so both renderers can stay idiomatic.
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
export type ChartKind = z.infer<typeof ChartKindSchema>;

const FieldSchema = z.string().min(1).max(60);
const ColourSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/);
const CellSchema = z.union([z.string(), z.number(), z.null()]);
const RowsSchema = z.array(z.record(z.string(), CellSchema)).max(50_000);

export const EncodingSchema = z.object({
  field: FieldSchema,
  label: z.string(),
  type: z.enum(['quantitative', 'nominal', 'ordinal']),
  unit: z.string().optional(),
  /** Draw the axis high-to-low (positions: P1 at the top). */
  reverse: z.boolean().optional(),
  /** Fixed axis range; otherwise fitted to the data. */
  domain: z.tuple([z.number(), z.number()]).optional(),
  /** How values print on axes and tooltips: lap times as m:ss.sss, gaps as +s.sss. */
  format: z.enum(['number', 'laptime', 'gap', 'integer']).optional(),
});
export type Encoding = z.infer<typeof EncodingSchema>;

/** Categorical colours: each domain value gets the colour at the same index of range. */
export const ColourScaleSchema = z.object({
  field: FieldSchema,
  label: z.string(),
  domain: z.array(z.string()).max(60),
  range: z.array(ColourSchema).max(60),
});

/** A shaded stretch of the x axis, e.g. laps run under the safety car. */
export const BandSchema = z.object({
  from: z.number(),
  to: z.number(),
  label: z.string(),
  colour: ColourSchema,
});

/** A second mark drawn over the main one with its own rows, e.g. fitted degradation lines. */
export const OverlaySchema = z.object({
  mark: z.enum(['line', 'point', 'rule']),
  x: FieldSchema,
  y: FieldSchema,
  series: FieldSchema.optional(),
  colour: z.union([ColourSchema, z.object({ field: FieldSchema })]).optional(),
  dashed: z.boolean().optional(),
  data: RowsSchema,
});

export const ChartSpecSchema = z.object({
  /** `range` draws bars from x to x2 along each y category (tyre stints). */
  mark: z.enum(['bar', 'line', 'point', 'range']),
  /** For bars: horizontal puts categories on the y axis. */
  orientation: z.enum(['vertical', 'horizontal']).default('vertical'),
  x: EncodingSchema,
  x2: z.object({ field: FieldSchema }).optional(),
  y: EncodingSchema,
  /** Rows with the same series value form one line. */
  series: z.object({ field: FieldSchema, label: z.string() }).optional(),
  color: ColourScaleSchema.optional(),
  bands: z.array(BandSchema).max(100).optional(),
  overlays: z.array(OverlaySchema).max(40).optional(),
  /** Extra fields shown in tooltips. */
  tooltip: z
    .array(z.object({ field: FieldSchema, label: z.string() }))
    .max(10)
    .optional(),
  data: RowsSchema,
});
export type ChartSpec = z.infer<typeof ChartSpecSchema>;

/** File names under the analysis (`GET /api/analyses/:id/files/:name`). */
const ChartFilesSchema = z.object({ svg: z.string().optional(), png: z.string().optional() });

export const ChartSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,60}$/),
  kind: ChartKindSchema,
  title: z.string(),
  subtitle: z.string().optional(),
  spec: ChartSpecSchema,
  files: ChartFilesSchema,
});
export type Chart = z.infer<typeof ChartSchema>;
/** A chart before rendering has produced its files. */
export type ChartDraft = Omit<Chart, 'files'>;

/**
 * A picture that exists only as a file, with no spec to draw from: a chart that code-interpreter mode's
 * model-written code saved. Shown as the image itself (the PNG or SVG `files` names).
 */
export const ImageChartSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,60}$/),
  kind: z.literal('image'),
  title: z.string(),
  subtitle: z.string().optional(),
  /** Text for readers who cannot see the picture. */
  alt: z.string().max(500),
  files: ChartFilesSchema.refine((f) => f.png !== undefined || f.svg !== undefined, 'an image needs a file'),
});
export type ImageChart = z.infer<typeof ImageChartSchema>;

/** What a result's `charts` hold: charts drawn from a spec, and image charts. */
export const ResultChartSchema = z.union([ChartSchema, ImageChartSchema]);
export type ResultChart = z.infer<typeof ResultChartSchema>;
