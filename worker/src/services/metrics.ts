import type { Observation } from '@pitwall/db/contracts';
import type { SeriesDelta, SeriesRow } from '@pitwall/db/queries/metrics';

/**
 * The metric families Pit Wall exposes. Names carry their unit; label sets are fixed per family so the
 * number of series stays bounded (route patterns, never raw paths; status classes, never codes).
 */
type Family = { type: 'counter' | 'histogram'; help: string; labels: string[]; buckets?: number[] };

const LATENCY = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const LONG = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300];

export const FAMILIES = {
  pitwall_http_request_duration_seconds: {
    type: 'histogram',
    help: 'Time to answer an API request, by route pattern, method and status class.',
    labels: ['route', 'method', 'status'],
    buckets: LATENCY,
  },
  pitwall_http_requests_total: {
    type: 'counter',
    help: 'API requests answered, by route pattern, method and status class (4xx/5xx are the error rate).',
    labels: ['route', 'method', 'status'],
  },
  pitwall_workflow_duration_seconds: {
    type: 'histogram',
    help: 'Workflow run time, from run start to completion, by workflow type and outcome.',
    labels: ['workflow', 'outcome'],
    buckets: LONG,
  },
  pitwall_activity_duration_seconds: {
    type: 'histogram',
    help: 'Activity attempt time, by activity type and outcome.',
    labels: ['activity', 'outcome'],
    buckets: LONG,
  },
  pitwall_cache_requests_total: {
    type: 'counter',
    help: 'Cache lookups in the compute plane, by cache and result (hit or miss).',
    labels: ['cache', 'result'],
  },
  pitwall_model_duration_seconds: {
    type: 'histogram',
    help: 'Time spent waiting for an assistant, by assistant, model and operation.',
    labels: ['assistant', 'model', 'operation'],
    buckets: LONG,
  },
  pitwall_model_tokens_total: {
    type: 'counter',
    help: 'Language-model tokens used, by assistant, model and direction (input or output).',
    labels: ['assistant', 'model', 'direction'],
  },
  pitwall_model_cost_usd_total: {
    type: 'counter',
    help: 'Language-model cost in US dollars, from the configured price table.',
    labels: ['assistant', 'model'],
  },
} satisfies Record<string, Family>;
export type FamilyName = keyof typeof FAMILIES;

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** Label values by name; other fields of the object (a report's numbers) are ignored. */
type LabelValues = Record<string, unknown>;

function labelsOf(family: FamilyName, values: LabelValues): string {
  return (FAMILIES[family] as Family).labels
    .map((l) => `${l}="${escapeLabel(String(values[l] ?? ''))}"`)
    .join(',');
}

/** Per-isolate sums of what was observed since the last flush, keyed by series and field. */
export class MetricBuffer {
  private deltas = new Map<string, SeriesDelta>();
  /** Observations since the last drain, which decides when to flush. */
  pending = 0;

  private add(name: string, labels: string, field: string, value: number) {
    const key = `${name}\u0000${labels}\u0000${field}`;
    const delta = this.deltas.get(key);
    if (delta) delta.value += value;
    else this.deltas.set(key, { name, labels, field, value });
  }

  inc(family: FamilyName, values: LabelValues, by = 1) {
    // A zero still creates the series: a family with a 0 sample says "seen, none yet" (builtin tokens).
    this.add(family, labelsOf(family, values), 'value', by);
    this.pending += 1;
  }

  observe(family: FamilyName, values: LabelValues, seconds: number) {
    const labels = labelsOf(family, values);
    const buckets = (FAMILIES[family] as Family).buckets ?? [];
    const bound = buckets.find((b) => seconds <= b);
    // Buckets are stored one by one (not cumulative): one row changes per observation.
    this.add(family, labels, bound === undefined ? 'le:+Inf' : `le:${bound}`, 1);
    this.add(family, labels, 'sum', seconds);
    this.add(family, labels, 'count', 1);
    this.pending += 1;
  }

  /** Takes everything out; what a failed write returns goes back in with `restore`. */
  drain(): SeriesDelta[] {
    const out = [...this.deltas.values()];
    this.deltas = new Map();
    this.pending = 0;
    return out;
  }

  restore(deltas: SeriesDelta[]) {
    for (const d of deltas) this.add(d.name, d.labels, d.field, d.value);
  }
}

/** Records one report of the compute plane into the buffer. */
export function recordObservation(buffer: MetricBuffer, o: Observation) {
  switch (o.kind) {
    case 'workflow':
      return buffer.observe('pitwall_workflow_duration_seconds', o, o.seconds);
    case 'activity':
      return buffer.observe('pitwall_activity_duration_seconds', o, o.seconds);
    case 'cache':
      buffer.inc('pitwall_cache_requests_total', { cache: o.cache, result: 'hit' }, o.hits);
      buffer.inc('pitwall_cache_requests_total', { cache: o.cache, result: 'miss' }, o.misses);
      return;
    case 'model':
      buffer.observe('pitwall_model_duration_seconds', o, o.seconds);
      buffer.inc('pitwall_model_tokens_total', { ...o, direction: 'input' }, o.inputTokens);
      buffer.inc('pitwall_model_tokens_total', { ...o, direction: 'output' }, o.outputTokens);
      buffer.inc('pitwall_model_cost_usd_total', o, o.costUsd);
      return;
  }
}

const number = (v: number) => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(12))));
const bucketBound = (field: string) => Number(field.slice(3).replace('+Inf', 'Infinity'));

/** The Prometheus text exposition (format 0.0.4) of stored series; families with no series show HELP/TYPE only. */
export function renderExposition(rows: SeriesRow[]): string {
  const byFamily = new Map<string, Map<string, Map<string, number>>>();
  for (const row of rows) {
    const series = byFamily.get(row.name) ?? new Map<string, Map<string, number>>();
    byFamily.set(row.name, series);
    const fields = series.get(row.labels) ?? new Map<string, number>();
    series.set(row.labels, fields);
    fields.set(row.field, row.value);
  }
  const lines: string[] = [];
  for (const [name, family] of Object.entries(FAMILIES) as [FamilyName, Family][]) {
    lines.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} ${family.type}`);
    for (const [labels, fields] of byFamily.get(name) ?? []) {
      if (family.type === 'counter') {
        lines.push(`${name}{${labels}} ${number(fields.get('value') ?? 0)}`);
        continue;
      }
      const stored = [...fields].filter(([f]) => f.startsWith('le:'));
      let cumulative = 0;
      for (const bound of family.buckets ?? []) {
        cumulative += stored.filter(([f]) => bucketBound(f) === bound).reduce((n, [, v]) => n + v, 0);
        lines.push(`${name}_bucket{${labels},le="${bound}"} ${number(cumulative)}`);
      }
      const count = fields.get('count') ?? 0;
      lines.push(`${name}_bucket{${labels},le="+Inf"} ${number(count)}`);
      lines.push(`${name}_sum{${labels}} ${number(fields.get('sum') ?? 0)}`);
      lines.push(`${name}_count{${labels}} ${number(count)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
