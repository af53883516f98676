import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import * as schema from '@pitwall/db/schema/warehouse';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';

export type Warehouse = ReturnType<typeof drizzle<typeof schema>>;

const MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), '../../db/migrations/warehouse');

/** Opens the libSQL warehouse (a local file by default) and brings its schema up to date. */
export async function openWarehouse(url: string): Promise<{ db: Warehouse; close: () => void }> {
  if (url.startsWith('file:')) mkdirSync(dirname(url.slice('file:'.length)), { recursive: true });
  const client = createClient({ url });
  // WAL lets the data command import while the worker reads.
  if (url.startsWith('file:')) await client.execute('PRAGMA journal_mode = WAL');
  await client.execute('PRAGMA busy_timeout = 5000');
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: MIGRATIONS });
  return { db, close: () => client.close() };
}
