import type { AnalysisStatus } from '@pitwall/db/contracts';

export const STATUS_LABELS: Record<AnalysisStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  needs_clarification: 'Needs clarification',
  succeeded: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const FINAL: readonly AnalysisStatus[] = ['needs_clarification', 'succeeded', 'failed', 'cancelled'];

export function isFinal(status: AnalysisStatus): boolean {
  return FINAL.includes(status);
}

export function formatNumber(value: number, unit?: string): string {
  // Seasons and lap counts read best without a separator (2023, not 2,023); large counts need one.
  const text = value.toLocaleString('en-GB', {
    maximumFractionDigits: 3,
    useGrouping: Math.abs(value) >= 10_000,
  });
  return unit ? `${text} ${unit}` : text;
}

export function formatValue(value: string | number | null | undefined, unit?: string): string {
  if (value === null || value === undefined || value === '') return '—';
  return typeof value === 'number' ? formatNumber(value, unit) : unit ? `${value} ${unit}` : value;
}

export function formatWhen(iso: string, now = Date.now()): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const seconds = Math.round((now - time) / 1000);
  if (seconds < 45) return 'just now';
  const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  if (seconds < 3600) return rtf.format(-Math.round(seconds / 60), 'minute');
  if (seconds < 86_400) return rtf.format(-Math.round(seconds / 3600), 'hour');
  if (seconds < 7 * 86_400) return rtf.format(-Math.round(seconds / 86_400), 'day');
  return new Date(time).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
}

/** A step's duration: "420 ms", "3.4 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** Bytes for people: "812 B", "14.2 KB", "3.1 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
