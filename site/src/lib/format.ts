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
