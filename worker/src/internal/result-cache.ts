import {
  ANALYSIS_STEPS,
  type Result,
  ResultCacheAdoptSchema,
  ResultCacheLookupSchema,
  ResultCacheStoreSchema,
} from '@pitwall/db/contracts';
import { type AnalysisRow, findAnalysisById, upsertArtifact } from '@pitwall/db/queries/app';
import {
  countCacheHit,
  deleteCacheEntry,
  findCacheEntry,
  finishWithCachedResult,
  insertCacheEntry,
  listArtifacts,
} from '@pitwall/db/queries/result-cache';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.ts';
import { ApiError, notFound } from '../errors.ts';
import { requireService } from '../middleware/auth.ts';
import { fileKey, storeResult } from '../services/analysis-files.ts';
import { validate } from '../validate.ts';

/**
 * The result cache's door for the compute plane: look a key up, enter a computed result, and let a new
 * analysis adopt a cached one. The cache is shared by every user, so the Worker checks again what the
 * compute plane decided: only succeeded analyses of public data are entered or served.
 */

const IdParamSchema = z.object({ id: z.string().regex(/^an_[a-z0-9]{20}$/) });
type Vars = { var: AppEnv['Variables']; env: AppEnv['Bindings'] };

/** Whether the analysis read anything of one user's (an upload): such results are never shared. */
function userSpecific(row: AnalysisRow): boolean {
  const request = (row.request ?? {}) as { data?: { type?: string } | null };
  const plan = (row.plan ?? {}) as { upload?: unknown };
  return request.data?.type === 'upload' || (plan.upload !== undefined && plan.upload !== null);
}

async function readResult(c: Vars, row: AnalysisRow): Promise<Result | undefined> {
  if (!row.resultKey) return undefined;
  const object = await c.env.FILES.get(row.resultKey);
  return object ? ((await object.json()) as Result) : undefined;
}

/** The entry's source analysis when it can still be served; an entry that cannot is dropped. */
async function usableSource(c: Vars, key: string) {
  const entry = await findCacheEntry(c.var.db, key);
  if (!entry) return undefined;
  const source = await findAnalysisById(c.var.db, entry.analysisId);
  if (source?.status !== 'succeeded' || !source.resultKey || userSpecific(source)) {
    await deleteCacheEntry(c.var.db, key);
    return undefined;
  }
  return source;
}

export const internalResultCache = new Hono<AppEnv>()
  .use(requireService)
  .post('/result-cache/lookup', validate('json', ResultCacheLookupSchema), async (c) => {
    const source = await usableSource(c, c.req.valid('json').key);
    return c.json(source ? { hit: true as const, analysisId: source.id } : { hit: false as const });
  })
  .post('/result-cache', validate('json', ResultCacheStoreSchema), async (c) => {
    const { key, analysisId, dataVersion } = c.req.valid('json');
    const row = await findAnalysisById(c.var.db, analysisId);
    if (!row) throw notFound('analysis');
    if (row.status !== 'succeeded') {
      throw new ApiError(409, 'conflict', `only a succeeded analysis is cached; this one is ${row.status}`);
    }
    if (userSpecific(row)) throw new ApiError(409, 'conflict', 'an analysis of user data is never cached');
    const result = await readResult(c, row);
    if (!result) throw new ApiError(409, 'conflict', 'the analysis has no stored result');
    // A reused result is already in the cache under its source.
    if (result.cachedFrom) return c.json({ stored: false }, 200);
    const { created } = await insertCacheEntry(c.var.db, { key, analysisId, dataVersion });
    return c.json({ stored: created }, created ? 201 : 200);
  })
  .post(
    '/analyses/:id/adopt',
    validate('param', IdParamSchema),
    validate('json', ResultCacheAdoptSchema),
    async (c) => {
      const { id } = c.req.valid('param');
      const { key, usage } = c.req.valid('json');
      const db = c.var.db;
      const target = await findAnalysisById(db, id);
      if (!target) throw notFound('analysis');
      const refuse = (reason: string) => c.json({ adopted: false as const, reason });
      if (target.status === 'succeeded') {
        // A retried call: say what the first one did.
        const done = await readResult(c, target);
        return done?.cachedFrom
          ? c.json({ adopted: true as const, from: done.cachedFrom, changed: false })
          : refuse('the analysis has succeeded with a computed result');
      }
      if (target.status !== 'queued' && target.status !== 'running') {
        return refuse(`the analysis is ${target.status}`);
      }
      if (userSpecific(target)) return refuse('the analysis reads user data');
      const source = await usableSource(c, key);
      if (!source) return refuse('no usable cache entry');
      const cached = await readResult(c, source);
      if (!cached) {
        await deleteCacheEntry(db, key);
        return refuse('the cached result is gone');
      }

      // Every file of the source is copied under this analysis, so its links work like any other's.
      const files = (await listArtifacts(db, source.id)).filter((a) => a.name !== 'result.json');
      for (const file of files) {
        const object = await c.env.FILES.get(file.r2Key);
        if (!object) {
          await deleteCacheEntry(db, key);
          return refuse(`the cached file ${file.name} is gone`);
        }
        const r2Key = fileKey(id, file.name);
        await c.env.FILES.put(r2Key, await object.arrayBuffer(), {
          httpMetadata: { contentType: file.contentType },
          sha256: file.sha256,
        });
        await upsertArtifact(db, {
          analysisId: id,
          name: file.name,
          r2Key,
          contentType: file.contentType,
          size: file.size,
          sha256: file.sha256,
        });
      }

      // The answer is the source's; the cost is this analysis's own (its planning), not the source's.
      const result: Result = { ...cached, model: { ...cached.model, usage }, cachedFrom: source.id };
      const resultKey = await storeResult(c.env.FILES, db, id, result);
      const total = ANALYSIS_STEPS.length;
      const { changed } = await finishWithCachedResult(db, id, {
        resultKey,
        progress: { step: 'persist', done: total, total },
      });
      if (changed) await countCacheHit(db, key);
      return c.json({ adopted: true as const, from: source.id, changed });
    },
  );
