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
  'distribution',
  'heatmap',
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

/**
 * A box plot's statistics, computed by the analysis so every renderer draws the same box. Each data row
 * is one box: the category encoding names it, and these fields hold, in the value encoding's unit, the
 * whisker ends (the furthest values within 1.5 × IQR of the box), the quartiles and the median.
 * `outliers` are single values beyond the whiskers, rows with the category field and the value
 * encoding's field. Works for any distribution: lap times per driver or team, sector times, speeds.
 */
export const BoxSchema = z.object({
  lower: FieldSchema,
  q1: FieldSchema,
  median: FieldSchema,
  q3: FieldSchema,
  upper: FieldSchema,
  outliers: RowsSchema.optional(),
});
export type BoxFields = z.infer<typeof BoxSchema>;

/**
 * A heatmap's cell colour: x and y are categories (rounds, drivers), each data row one cell, and `field`
 * its value, shaded from `range[0]` (the lowest) to `range[1]` (the highest). A null value is an empty
 * cell (did not take part). `labels` prints the value in each cell.
 */
export const HeatSchema = z.object({
  field: FieldSchema,
  label: z.string(),
  unit: z.string().optional(),
  range: z.tuple([ColourSchema, ColourSchema]),
  labels: z.boolean().optional(),
});
export type HeatFields = z.infer<typeof HeatSchema>;

export const ChartSpecSchema = z
  .object({
    /**
     * `range` draws bars from x to x2 along each y category (tyre stints); `box` one box plot per
     * category from the `box` fields; `heatmap` one cell per x × y category shaded by `heat`.
     */
    mark: z.enum(['bar', 'line', 'point', 'range', 'box', 'heatmap']),
    /** For bars: horizontal puts categories on the y axis. */
    orientation: z.enum(['vertical', 'horizontal']).default('vertical'),
    x: EncodingSchema,
    x2: z.object({ field: FieldSchema }).optional(),
    y: EncodingSchema,
    /** Rows with the same series value form one line. */
    series: z.object({ field: FieldSchema, label: z.string() }).optional(),
    color: ColourScaleSchema.optional(),
    /** Required by the `box` mark. */
    box: BoxSchema.optional(),
    /** Required by the `heatmap` mark. */
    heat: HeatSchema.optional(),
    bands: z.array(BandSchema).max(100).optional(),
    overlays: z.array(OverlaySchema).max(40).optional(),
    /** Extra fields shown in tooltips. */
    tooltip: z
      .array(z.object({ field: FieldSchema, label: z.string() }))
      .max(10)
      .optional(),
    data: RowsSchema,
  })
  .refine((s) => s.mark !== 'box' || s.box !== undefined, {
    message: 'a box mark needs its box fields',
    path: ['box'],
  })
  .refine((s) => s.mark !== 'heatmap' || s.heat !== undefined, {
    message: 'a heatmap mark needs its heat field',
    path: ['heat'],
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
