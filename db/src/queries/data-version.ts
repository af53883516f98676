import { count, max, sql } from 'drizzle-orm';
import { imports } from '../schema/warehouse.ts';
import type { WarehouseDatabase } from './warehouse.ts';

/**
 * A fingerprint of what the warehouse holds, read from the import log in one small aggregate query
 * (well under a millisecond). Every writer of warehouse data records an `imports` row with the time
 * it wrote: the staged-data importers per file, and races loaded on demand from Jolpica per race. So any
 * import or load changes the count of datasets, the latest import time or the row totals, and with them
 * the version. Writes that bypass the import log are not seen; there are none in Pit Wall.
 */
export async function dataVersion(db: WarehouseDatabase): Promise<string> {
  const [row] = await db
    .select({
      datasets: count(),
      latest: max(imports.importedAt),
      rows: sql<number>`total(${imports.rows})`,
      flagged: sql<number>`total(${imports.flagged})`,
      rejected: sql<number>`total(${imports.rejected})`,
    })
    .from(imports);
  return `${row?.datasets ?? 0}:${row?.latest ?? '-'}:${row?.rows ?? 0}:${row?.flagged ?? 0}:${row?.rejected ?? 0}`;
}
