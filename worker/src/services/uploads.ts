import { findUpload, insertPendingUpload, markUploadStored, type UploadRow } from '@pitwall/db/queries/app';
import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { ApiError, notFound } from '../errors.ts';
import { claimKey, idempotencyKeyOf } from '../middleware/idempotency.ts';
import { decryptUpload, encryptUpload, UPLOAD_ENCRYPTION } from './encryption.ts';
import { newId } from './ids.ts';
import { sha256Hex } from './passwords.ts';
import { checkContent, formatOf, sanitiseName } from './upload-content.ts';

export type UploadInput = { file: File; type: string; metadata: Record<string, unknown> | undefined };

/** Object keys come only from the verified user id and a random id: nothing a client sends can steer them. */
const objectKey = (userId: string) => `uploads/${userId}/${newId('obj')}`;

export const presentUpload = (row: UploadRow) => ({
  id: row.id,
  type: row.type,
  format: row.format,
  name: row.name,
  size: row.size,
  sha256: row.sha256,
  metadata: (row.metadata ?? null) as Record<string, unknown> | null,
  createdAt: row.createdAt,
  expiresAt: row.expiresAt,
});

/** Checks, encrypts and stores one upload; with an Idempotency-Key a retry gets the first upload back. */
export async function storeUpload(c: Context<AppEnv>, input: UploadInput): Promise<UploadRow> {
  const { config, db, userId } = c.var;
  if (input.file.size > config.UPLOAD_MAX_BYTES) {
    throw new ApiError(413, 'payload_too_large', `files may be at most ${config.UPLOAD_MAX_BYTES} bytes`, {
      maxBytes: config.UPLOAD_MAX_BYTES,
    });
  }
  const format = formatOf(input.file);
  const plaintext = await input.file.arrayBuffer();
  checkContent(plaintext, format);
  const sha256 = await sha256Hex(plaintext);
  const name = sanitiseName(input.file.name, format);

  const key = idempotencyKeyOf(c);
  const claim = key
    ? await claimKey(c, {
        key,
        route: 'POST /api/data/upload',
        prefix: 'up',
        status: 201,
        fingerprint: JSON.stringify([input.type, input.metadata ?? null, name, sha256]),
      })
    : undefined;
  const id = claim?.id ?? newId('up');
  const r2Key = objectKey(userId);
  const expiresAt = new Date(Date.now() + config.UPLOAD_TTL_SECONDS * 1000).toISOString();
  const inserted = await insertPendingUpload(db, {
    id,
    userId,
    type: input.type,
    format,
    name,
    size: plaintext.byteLength,
    sha256,
    r2Key,
    encryption: UPLOAD_ENCRYPTION,
    metadata: input.metadata ?? null,
    status: 'pending',
    requestHash: claim?.requestHash ?? null,
    expiresAt,
  });
  if (!inserted) return awaitStored(c, id);

  const sealed = await encryptUpload(config.UPLOAD_KEY, { uploadId: id, userId }, plaintext);
  await c.env.FILES.put(r2Key, sealed, {
    httpMetadata: { contentType: 'application/octet-stream' },
    customMetadata: { uploadId: id, encryption: UPLOAD_ENCRYPTION },
  });
  await markUploadStored(db, id);
  const row = await findUpload(db, userId, id);
  if (!row) throw new Error(`upload ${id} vanished after storing`);
  return row;
}

/** A concurrent retry with the same key is storing this upload: wait briefly for it to finish. */
async function awaitStored(c: Context<AppEnv>, id: string): Promise<UploadRow> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const row = await findUpload(c.var.db, c.var.userId, id);
    if (row?.status === 'stored') return row;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new ApiError(
    409,
    'conflict',
    'an upload with this Idempotency-Key is still in progress; retry later',
  );
}

/** The caller's stored, unexpired upload, or 404 (someone else's upload is indistinguishable from none). */
export async function requireUpload(c: Context<AppEnv>, id: string): Promise<UploadRow> {
  const row = await findUpload(c.var.db, c.var.userId, id);
  if (row?.status !== 'stored' || row.expiresAt < new Date().toISOString()) throw notFound('upload');
  return row;
}

export async function readUpload(c: Context<AppEnv>, row: UploadRow): Promise<ArrayBuffer> {
  const object = await c.env.FILES.get(row.r2Key);
  if (!object) throw notFound('upload');
  return decryptUpload(
    c.var.config.UPLOAD_KEY,
    { uploadId: row.id, userId: row.userId },
    await object.arrayBuffer(),
  );
}

/** Upload types an analysis can read as its data. */
export const ANALYSABLE_UPLOAD_TYPES = ['laps', 'results'] as const;

/** The caller's upload, checked to be a table an analysis can read; 404 or 400 otherwise. */
export async function requireAnalysableUpload(c: Context<AppEnv>, id: string): Promise<UploadRow> {
  const row = await requireUpload(c, id);
  if (!(ANALYSABLE_UPLOAD_TYPES as readonly string[]).includes(row.type)) {
    throw new ApiError(
      400,
      'invalid_request',
      `an analysis can read an uploaded ${ANALYSABLE_UPLOAD_TYPES.join(' or ')} table; this upload is ${row.type}`,
    );
  }
  return row;
}
