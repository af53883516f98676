import { sql } from 'drizzle-orm';
import {
  getTableConfig,
  type SQLiteColumn,
  type SQLiteTable,
  type SQLiteUpdateSetSource,
} from 'drizzle-orm/sqlite-core';
import type { Warehouse } from '../warehouse.ts';

/** Rows per INSERT: well under SQLite's bound-variable limit for the widest table. */
const CHUNK = 250;

/**
 * Inserts rows, replacing any row with the same primary key, in one transaction: re-importing a dataset
 * updates it in place and never duplicates.
 */
export async function upsertRows<T extends SQLiteTable>(db: Warehouse, table: T, rows: T['$inferInsert'][]) {
  if (rows.length === 0) return;
  const config = getTableConfig(table);
  const target: SQLiteColumn[] = config.primaryKeys[0]?.columns ?? config.columns.filter((c) => c.primary);
  if (target.length === 0) throw new Error(`${config.name} has no primary key`);
  const set = Object.fromEntries(
    Object.entries(table).flatMap(([key, column]) =>
      config.columns.includes(column as SQLiteColumn)
        ? [[key, sql.raw(`excluded."${(column as SQLiteColumn).name}"`)]]
        : [],
    ),
  ) as SQLiteUpdateSetSource<T>;
  const statements = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    statements.push(
      db
        .insert(table)
        .values(rows.slice(i, i + CHUNK))
        .onConflictDoUpdate({ target, set }),
    );
  }
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}
