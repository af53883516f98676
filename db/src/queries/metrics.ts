import { sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { metricSeries } from '../schema/app.ts';
import type { AppDatabase } from './app.ts';

export type SeriesDelta = { name: string; labels: string; field: string; value: number };
export type SeriesRow = SeriesDelta;

/** D1 and libSQL both run several statements in one round trip. */
type BatchDatabase = AppDatabase & {
  batch(statements: [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]): Promise<unknown>;
};

/** D1 binds at most 100 parameters per statement; each row takes four. */
const ROWS_PER_STATEMENT = 25;

/**
 * Adds deltas to the stored series in one round trip (a batch of multi-row upserts), so a flush of a
 * few hundred series costs one D1 call, not one per series.
 */
export async function addToSeries(db: BatchDatabase, deltas: SeriesDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  const statements = [];
  for (let i = 0; i < deltas.length; i += ROWS_PER_STATEMENT) {
    statements.push(
      db
        .insert(metricSeries)
        .values(deltas.slice(i, i + ROWS_PER_STATEMENT))
        .onConflictDoUpdate({
          target: [metricSeries.name, metricSeries.labels, metricSeries.field],
          set: { value: sql`${metricSeries.value} + excluded.value` },
        }),
    );
  }
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}

/** Every stored series, grouped by family for exposition. */
export async function readSeries(db: AppDatabase): Promise<SeriesRow[]> {
  return db.select().from(metricSeries).orderBy(metricSeries.name, metricSeries.labels, metricSeries.field);
}
