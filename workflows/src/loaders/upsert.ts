import { getTableColumns, sql } from 'drizzle-orm';
import { getTableConfig, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Warehouse } from '../warehouse.ts';

/**
 * Rows per statement. Each chunk travels as one JSON argument that SQLite unpacks with json_each: one
 * bound value instead of thousands keeps bulk imports close to the sqlite3 CLI's own `.import` speed.
 */
const CHUNK = 5_000;

/**
 * Inserts rows, updating any row with the same primary key, in one transaction: re-importing a dataset
 * updates it in place and never duplicates. Only the columns the rows carry are written. Values go
 * through each column's own driver mapping (booleans, JSON); a missing value takes the column's default.
 */
export async function upsertRows<T extends SQLiteTable>(db: Warehouse, table: T, rows: T['$inferInsert'][]) {
  if (rows.length === 0) return;
  const config = getTableConfig(table);
  // Only the columns the rows carry: a loader that knows part of a row (say, a race's OpenF1 key) must
  // not wipe the columns another loader filled.
  const present = new Set(rows.flatMap((row) => Object.keys(row as object)));
  // Columns left out take their SQL default on insert.
  const columns = (Object.entries(getTableColumns(table)) as [string, SQLiteColumn][]).filter(([key]) =>
    present.has(key),
  );
  const target: SQLiteColumn[] = config.primaryKeys[0]?.columns ?? config.columns.filter((c) => c.primary);
  if (target.length === 0) throw new Error(`${config.name} has no primary key`);
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const names = columns.map(([, column]) => quote(column.name));
  const keyNames = new Set(target.map((c) => c.name));
  const updates = columns
    .filter(([, c]) => !keyNames.has(c.name))
    .map(([, c]) => `${quote(c.name)} = excluded.${quote(c.name)}`);
  const insert = `insert into ${quote(config.name)} (${names.join(', ')}) select ${columns
    .map((_, i) => `value ->> ${i}`)
    .join(', ')} from json_each(`;
  const conflict = `) where true on conflict (${target.map((c) => quote(c.name)).join(', ')}) ${
    updates.length > 0 ? `do update set ${updates.join(', ')}` : 'do nothing'
  }`;

  const encode = (row: Record<string, unknown>) =>
    columns.map(([key, column]) => {
      let value = row[key];
      if (value === undefined && column.hasDefault && typeof column.default !== 'object')
        value = column.default;
      if (value === undefined || value === null) return null;
      return column.mapToDriverValue(value);
    });

  const statements = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = JSON.stringify(
      rows.slice(i, i + CHUNK).map((row) => encode(row as Record<string, unknown>)),
    );
    statements.push(db.run(sql.join([sql.raw(insert), sql`${chunk}`, sql.raw(conflict)])));
  }
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}
