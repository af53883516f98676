/** Mirrors the upload route's accepted types (worker/src/routes/data.ts); the server validates again. */
export const UPLOAD_TYPES = [
  { id: 'laps', label: 'Lap times' },
  { id: 'results', label: 'Results' },
  { id: 'qualifying', label: 'Qualifying' },
  { id: 'stints', label: 'Tyre stints' },
  { id: 'pit_stops', label: 'Pit stops' },
  { id: 'weather', label: 'Weather' },
  { id: 'other', label: 'Other' },
] as const;

export const ACCEPT = '.csv,.json,text/csv,application/json';

/**
 * Why the metadata text would be refused, or null: it must be empty or a JSON object of at most 50
 * string, number, boolean or null values — the same rule the server applies, checked early for the form.
 */
export function metadataProblem(text: string): string | null {
  if (text.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'Metadata must be valid JSON, e.g. {"season": 2024}.';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'Metadata must be a JSON object.';
  const entries = Object.entries(value);
  if (entries.length > 50) return 'Metadata may have at most 50 keys.';
  const nested = entries.find(([, v]) => typeof v === 'object' && v !== null);
  return nested ? `“${nested[0]}” must be a string, number, boolean or null.` : null;
}
