import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AppDatabase,
  claimIdempotencyKey,
  eventsAfter,
  findAnalysis,
  finishAnalysis,
  insertAnalysis,
  insertUser,
  listAnalyses,
  listThread,
  recordEvent,
} from '../src/queries/app.ts';
import { quotaDay, quotaUsed, releaseQuota, reserveQuota } from '../src/queries/quota.ts';
import * as schema from '../src/schema/app.ts';

// The D1 migrations, applied to a real SQLite file: the same SQL the Worker's D1 runs.
const dir = mkdtempSync(join(tmpdir(), 'pitwall-app-'));
const client = createClient({ url: `file:${join(dir, 'app.db')}` });
const db = drizzle(client, { schema }) as unknown as AppDatabase;

beforeAll(async () => {
  await migrate(drizzle(client), { migrationsFolder: resolve(import.meta.dirname, '../migrations/app') });
  await insertUser(db, { id: 'usr_a', username: 'alice', passwordHash: 'x' });
  await insertUser(db, { id: 'usr_b', username: 'bob', passwordHash: 'x' });
});
afterAll(() => {
  client.close();
  rmSync(dir, { recursive: true, force: true });
});

const analysis = (id: string, userId = 'usr_a') => ({
  id,
  userId,
  query: 'who won?',
  request: {},
  status: 'queued' as const,
  workflowId: `analysis-${id}`,
});

describe('app queries', () => {
  it('refuses a second user with the same name', async () => {
    expect(await insertUser(db, { id: 'usr_c', username: 'alice', passwordHash: 'y' })).toBe(false);
  });

  it('inserts an analysis once; the same id again returns the stored row', async () => {
    const first = await insertAnalysis(db, analysis('an_1'));
    const again = await insertAnalysis(db, { ...analysis('an_1'), query: 'something else' });
    expect(again.row.query).toBe(first.row.query);
    expect([first.created, again.created]).toEqual([true, false]);
    await expect(insertAnalysis(db, analysis('an_1', 'usr_b'))).rejects.toThrow(/another user/);
  });

  it('hides an analysis from other users', async () => {
    expect(await findAnalysis(db, 'usr_b', 'an_1')).toBeUndefined();
    expect((await findAnalysis(db, 'usr_a', 'an_1'))?.id).toBe('an_1');
  });

  it('records each event key once and moves queued to running', async () => {
    const event = { key: 'plan:started', step: 'plan', phase: 'started' as const, message: 'plan started' };
    expect(await recordEvent(db, 'an_1', event)).toEqual({ created: true });
    expect(await recordEvent(db, 'an_1', event)).toEqual({ created: false });
    expect(await eventsAfter(db, 'an_1', 0)).toHaveLength(1);
    expect((await findAnalysis(db, 'usr_a', 'an_1'))?.status).toBe('running');
  });

  it('keeps createdAt and moves updatedAt on every write', async () => {
    const before = await findAnalysis(db, 'usr_a', 'an_1');
    await new Promise((r) => setTimeout(r, 5));
    await recordEvent(db, 'an_1', { key: 'data:started', step: 'data', phase: 'started', message: 'data' });
    const after = await findAnalysis(db, 'usr_a', 'an_1');
    expect(after?.createdAt).toBe(before?.createdAt);
    expect((after?.updatedAt ?? '') > (before?.updatedAt ?? '')).toBe(true);
  });

  it('finishes an analysis once; later events do not change its status', async () => {
    expect(await finishAnalysis(db, 'an_1', { status: 'succeeded', resultKey: 'k' })).toEqual({
      changed: true,
    });
    expect(await finishAnalysis(db, 'an_1', { status: 'failed' })).toEqual({ changed: false });
    await recordEvent(db, 'an_1', {
      key: 'persist:done',
      step: 'persist',
      phase: 'done',
      message: 'done',
      progress: { step: 'persist', done: 7, total: 7 },
    });
    const row = await findAnalysis(db, 'usr_a', 'an_1');
    expect(row).toMatchObject({ status: 'succeeded', progress: { done: 7, total: 7 } });
  });

  it('keeps the first claim of an idempotency key', async () => {
    const claim = { userId: 'usr_a', key: 'k1', requestHash: 'h1', analysisId: 'an_9' };
    expect((await claimIdempotencyKey(db, claim)).requestHash).toBe('h1');
    expect((await claimIdempotencyKey(db, { ...claim, requestHash: 'h2' })).requestHash).toBe('h1');
    expect(
      (await claimIdempotencyKey(db, { ...claim, userId: 'usr_b', requestHash: 'h3' })).requestHash,
    ).toBe('h3');
  });

  it('pages newest first with a cursor', async () => {
    for (const id of ['an_2', 'an_3', 'an_4']) await insertAnalysis(db, analysis(id));
    const first = await listAnalyses(db, 'usr_a', { limit: 2 });
    const last = first.at(-1);
    const rest = await listAnalyses(db, 'usr_a', {
      limit: 10,
      cursor: { createdAt: last?.createdAt ?? '', id: last?.id ?? '' },
    });
    const ids = [...first, ...rest].map((r) => r.id);
    expect(new Set(ids).size).toBe(4);
    expect(ids).toHaveLength(4);
  });

  it('starts a thread at a first question; follow-ups join it and list oldest first, per user', async () => {
    const root = await insertAnalysis(db, analysis('an_t1'));
    expect(root.row).toMatchObject({ threadId: 'an_t1', followUpOf: null });
    await insertAnalysis(db, { ...analysis('an_t2'), followUpOf: 'an_t1', threadId: 'an_t1' });
    await insertAnalysis(db, { ...analysis('an_t3'), followUpOf: 'an_t2', threadId: 'an_t1' });
    await insertAnalysis(db, { ...analysis('an_t9', 'usr_b'), threadId: 'an_t1' });
    const thread = await listThread(db, 'usr_a', 'an_t1');
    expect(thread.map((r) => [r.id, r.followUpOf])).toEqual([
      ['an_t1', null],
      ['an_t2', 'an_t1'],
      ['an_t3', 'an_t2'],
    ]);
    expect(await listThread(db, 'usr_b', 'an_t2')).toEqual([]);
  });

  it('reserves a daily quota atomically: never past the limit, a refused amount changes nothing', async () => {
    const day = '2026-12-06';
    const take = (amount: number) =>
      reserveQuota(db, { userId: 'usr_a', day, counter: 'analyses', amount, limit: 3 });
    const granted = await Promise.all(Array.from({ length: 10 }, () => take(1)));
    expect(granted.filter(Boolean)).toHaveLength(3);
    expect((await quotaUsed(db, 'usr_a', day)).analyses).toBe(3);
    await releaseQuota(db, { userId: 'usr_a', day, counter: 'analyses', amount: 1 });
    expect(await take(2)).toBe(false);
    expect(await take(1)).toBe(true);
    // Batch items are a counter of their own; a batch larger than the limit is refused whole.
    expect(await reserveQuota(db, { userId: 'usr_a', day, counter: 'batchItems', amount: 4, limit: 3 })).toBe(
      false,
    );
    expect(await quotaUsed(db, 'usr_a', day)).toMatchObject({ analyses: 3, batchItems: 0 });
  });

  it('names the UTC day and the moment it resets', () => {
    expect(quotaDay(new Date('2026-12-31T23:59:59Z'))).toEqual({
      day: '2026-12-31',
      resetsAt: '2027-01-01T00:00:00.000Z',
    });
  });
});
