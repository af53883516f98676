import { findUpload, insertPendingUpload, markUploadStored, type UploadRow } from '@pitwall/db/queries/app';
import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { ApiError, notFound } from '../errors.ts';
import { claimKey, idempotencyKeyOf } from '../middleware/idempotency.ts';
import { openUpload, UPLOAD_ENCRYPTION, UploadSealer } from './encryption.ts';
import { derivedId, newId } from './ids.ts';
import { boundaryOf, type PartInfo, type PartSink, readMultipart } from './multipart.ts';
import { ObjectWriter } from './object-writer.ts';
import { ContentCheck, formatOf, sanitiseName, type UploadFormat } from './upload-content.ts';

/** The form fields besides the file, as the route documents and validates them. */
export type UploadFields = { type: string; metadata?: Record<string, unknown> | undefined };

/** Fields other than `file` are small: a type and at most 8 KB of metadata. */
const MAX_FIELD_BYTES = 16 * 1024;
const UPLOAD_ROUTE = 'POST /api/data/upload';

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

const invalidForm = (message: string) => new ApiError(400, 'invalid_request', `invalid form: ${message}`);

type StoredFile = { name: string; format: UploadFormat; size: number; sha256: string };

/**
 * One file part, checked, hashed, sealed and written to R2 as it arrives: the Worker holds at most one
 * R2 part (5 MiB) and one encryption chunk of it at a time, never the whole file.
 */
function fileSink(
  c: Context<AppEnv>,
  ids: { uploadId: string; userId: string },
  writer: ObjectWriter,
  part: PartInfo,
  done: (file: StoredFile) => void,
): PartSink {
  const { config } = c.var;
  const filename = part.filename ?? '';
  const format = formatOf({ type: part.contentType, name: filename });
  const check = new ContentCheck(format, {
    maxBytes: config.UPLOAD_MAX_BYTES,
    maxRows: config.UPLOAD_MAX_ROWS,
  });
  // workerd's incremental SHA-256 (crypto.subtle.digest needs the whole input at once).
  const digest = new (crypto as unknown as { DigestStream: typeof DigestStream }).DigestStream('SHA-256');
  const hashing = digest.getWriter();
  const sealer = new UploadSealer(config.UPLOAD_KEY, ids);
  return {
    async data(bytes) {
      check.push(bytes);
      await hashing.write(bytes);
      for (const record of await sealer.push(bytes)) await writer.write(record);
    },
    async end() {
      const summary = check.end();
      await writer.write(await sealer.finish());
      await writer.close();
      await hashing.close();
      const sha256 = [...new Uint8Array(await digest.digest)]
        .map((b) => b.toString(16).padStart(2, '0'))
        .join('');
      done({ name: sanitiseName(filename, format), format, size: summary.bytes, sha256 });
    },
  };
}

/** A small text field, at most MAX_FIELD_BYTES. */
function fieldSink(name: string, done: (value: string) => void): PartSink {
  const decoder = new TextDecoder();
  let value = '';
  let bytes = 0;
  return {
    data(chunk) {
      bytes += chunk.byteLength;
      if (bytes > MAX_FIELD_BYTES) throw invalidForm(`${name} is longer than ${MAX_FIELD_BYTES} bytes`);
      value += decoder.decode(chunk, { stream: true });
    },
    end() {
      done(value + decoder.decode());
    },
  };
}

/**
 * Reads an upload's multipart body as a stream, checks the file while sealing it into R2, then records
 * it; with an Idempotency-Key a retry gets the first upload back. `parseFields` validates the other
 * fields once the body has been read (they may come before or after the file).
 */
export async function storeUpload(
  c: Context<AppEnv>,
  parseFields: (fields: Record<string, string>) => UploadFields,
): Promise<UploadRow> {
  const { config, db, userId } = c.var;
  const boundary = boundaryOf(c.req.header('content-type'));
  const body = c.req.raw.body;
  if (!body) throw invalidForm('the body is empty');
  const key = idempotencyKeyOf(c);
  // The id is known before the file arrives because the file is sealed to it; with a key it is the one
  // the key's claim will give.
  const id = key ? await derivedId('up', userId, UPLOAD_ROUTE, key) : newId('up');
  const writer = new ObjectWriter(c.env.FILES, objectKey(userId), {
    httpMetadata: { contentType: 'application/octet-stream' },
    customMetadata: { uploadId: id, encryption: UPLOAD_ENCRYPTION },
  });
  const fields: Record<string, string> = {};
  let file: StoredFile | undefined;
  let fileParts = 0;
  let input: UploadFields;
  let claim: { id: string; requestHash: string } | undefined;
  try {
    await readMultipart(body, boundary, (part) => {
      if (part.name === 'file') {
        if (++fileParts > 1) throw invalidForm('send one file');
        if (part.filename === undefined) throw invalidForm('file: send a file, not a text field');
        return fileSink(c, { uploadId: id, userId }, writer, part, (stored) => {
          file = stored;
        });
      }
      if (part.name in fields) throw invalidForm(`send one ${part.name}`);
      return fieldSink(part.name, (value) => {
        fields[part.name] = value;
      });
    });
    if (!file) throw invalidForm('file: a file is required');
    input = parseFields(fields);
    claim = key
      ? await claimKey(c, {
          key,
          route: UPLOAD_ROUTE,
          prefix: 'up',
          status: 201,
          fingerprint: JSON.stringify([input.type, input.metadata ?? null, file.name, file.sha256]),
        })
      : undefined;
  } catch (err) {
    await writer.discard().catch(() => {});
    throw err;
  }
  const stored = file as StoredFile;
  const expiresAt = new Date(Date.now() + config.UPLOAD_TTL_SECONDS * 1000).toISOString();
  const inserted = await insertPendingUpload(db, {
    id,
    userId,
    type: input.type,
    format: stored.format,
    name: stored.name,
    size: stored.size,
    sha256: stored.sha256,
    r2Key: writer.key,
    encryption: UPLOAD_ENCRYPTION,
    metadata: input.metadata ?? null,
    status: 'pending',
    requestHash: claim?.requestHash ?? null,
    expiresAt,
  });
  if (!inserted) {
    // A retry with the same key stored it first: this copy is not needed.
    await writer.discard().catch(() => {});
    return awaitStored(c, id);
  }
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

/** The decrypted content of a stored upload, streamed; its length is `row.size`. */
export async function readUpload(c: Context<AppEnv>, row: UploadRow): Promise<ReadableStream<Uint8Array>> {
  const object = await c.env.FILES.get(row.r2Key);
  if (!object) throw notFound('upload');
  const ids = { uploadId: row.id, userId: row.userId };
  const plaintext = openUpload(c.var.config.UPLOAD_KEY, ids, row.encryption, object.body);
  // A stream of known length is sent with Content-Length, and fails if the content is not that long.
  return plaintext.pipeThrough(new FixedLengthStream(row.size));
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
