import type * as schema from '@pitwall/db/schema/warehouse';
import { getTableColumns, sql } from 'drizzle-orm';
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import { getTableConfig, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Warehouse } from '../warehouse.ts';

/**
 * Without a bulk writer (a remote warehouse), rows go as multi-row `insert … values` statements with
 * every value bound; SQLite binds at most 32,766 values per statement.
 */
const MAX_VALUES = 32_766;
const MAX_ROWS = 1_000;

/**
 * Inserts rows, updating any row with the same primary key, in one transaction (through the warehouse's
 * bulk writer when it has one): re-importing a dataset updates it in place and never duplicates. Only
 * the columns the rows carry are written. Values go through each column's own driver mapping (booleans,
 * JSON); a missing value takes the column's default.
 */
export async function upsertRows<T extends SQLiteTable>(db: Warehouse, table: T, rows: T['$inferInsert'][]) {
  if (rows.length === 0) return;
  const config = getTableConfig(table);
  // Only the columns the rows carry: a loader that knows part of a row (say, a race's OpenF1 key) must
  // not wipe the columns another loader filled.
  const all = Object.entries(getTableColumns(table)) as [string, SQLiteColumn][];
  const present = new Set<string>();
  for (const row of rows) {
    for (const key in row as object) present.add(key);
    if (present.size >= all.length) break;
  }
  // Columns left out take their SQL default on insert.
  const columns = all.filter(([key]) => present.has(key));
  const target: SQLiteColumn[] = config.primaryKeys[0]?.columns ?? config.columns.filter((c) => c.primary);
  if (target.length === 0) throw new Error(`${config.name} has no primary key`);
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const names = columns.map(([, column]) => quote(column.name));
  const keyNames = new Set(target.map((c) => c.name));
  const updates = columns
    .filter(([, c]) => !keyNames.has(c.name))
    .map(([, c]) => `${quote(c.name)} = excluded.${quote(c.name)}`);
  const insert = `insert into ${quote(config.name)} (${names.join(', ')}) values `;
  const conflict = ` on conflict (${target.map((c) => quote(c.name)).join(', ')}) ${
    updates.length > 0 ? `do update set ${updates.join(', ')}` : 'do nothing'
  }`;

  const keys = columns.map(([key]) => key);
  const fields = columns.map(([, column]) => column);
  const encode = (row: Record<string, unknown>) => {
    const values: unknown[] = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const column = fields[i] as SQLiteColumn;
      let value = row[keys[i] as string];
      if (value === undefined && column.hasDefault && typeof column.default !== 'object')
        value = column.default;
      values[i] = value === undefined || value === null ? null : column.mapToDriverValue(value);
    }
    return values;
  };

  const encoded = rows.map((row) => encode(row as Record<string, unknown>));
  // In primary-key order, so SQLite appends to its b-trees instead of splitting pages all over them.
  const at = target.map((c) => fields.indexOf(c));
  encoded.sort((a, b) => {
    for (const i of at) {
      const x = a[i] as number | string;
      const y = b[i] as number | string;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });
  if (db.$bulk) {
    const tuple = `(${names.map(() => '?').join(', ')})`;
    db.$bulk((n) => `${insert}${Array(n).fill(tuple).join(', ')}${conflict}`, encoded);
    return;
  }
  // A remote warehouse: multi-row statements, every value bound, in one batch (one transaction).
  const perChunk = Math.min(MAX_ROWS, Math.floor(MAX_VALUES / columns.length));
  const statements = [];
  for (let i = 0; i < encoded.length; i += perChunk) {
    const tuples = encoded.slice(i, i + perChunk).map(
      (row) =>
        sql`(${sql.join(
          row.map((value) => sql`${value}`),
          sql`, `,
        )})`,
    );
    statements.push(db.run(sql.join([sql.raw(insert), sql.join(tuples, sql`, `), sql.raw(conflict)])));
  }
  const [first, ...rest] = statements as ReturnType<LibSQLDatabase<typeof schema>['run']>[];
  if (first) await (db as unknown as LibSQLDatabase<typeof schema>).batch([first, ...rest]);
}
