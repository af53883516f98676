import type { Result } from '@pitwall/db/contracts';
import { type AppDatabase, upsertArtifact } from '@pitwall/db/queries/app';
import { sha256Hex } from './passwords.ts';

/** Where an analysis's file lives in R2: under the analysis, by a name the compute plane chose. */
export const fileKey = (analysisId: string, name: string) => `analyses/${analysisId}/${name}`;

/** Stores an analysis's result as its `result.json` file (R2 object and artifact row); returns the R2 key. */
export async function storeResult(bucket: R2Bucket, db: AppDatabase, analysisId: string, result: Result) {
  const resultKey = fileKey(analysisId, 'result.json');
  const json = JSON.stringify(result);
  await bucket.put(resultKey, json, { httpMetadata: { contentType: 'application/json' } });
  await upsertArtifact(db, {
    analysisId,
    name: 'result.json',
    r2Key: resultKey,
    contentType: 'application/json',
    size: new TextEncoder().encode(json).byteLength,
    sha256: await sha256Hex(json),
  });
  return resultKey;
}
