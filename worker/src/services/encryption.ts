/**
 * AES-256-GCM for files at rest. The row's `encryption` names the scheme an object was sealed with:
 *
 * - `aes-256-gcm-chunked:v2` (written now): the plaintext in 64 KiB chunks, each sealed on its own as
 *   `iv (12 bytes) ‖ ciphertext ‖ tag (16 bytes)` with a fresh random IV, so a file is encrypted and
 *   decrypted as it streams and never held whole. Each chunk's additional data names the upload, its owner,
 *   the chunk's index and whether it is the last, so chunks cannot be moved to another object, reordered,
 *   dropped or cut off at a chunk boundary without decryption failing.
 * - `aes-256-gcm:v1` (older uploads, still read): one `iv ‖ ciphertext+tag` over the whole file, with the
 *   upload id and owner as additional data.
 *
 * With random 96-bit IVs one key should seal well under 2^32 chunks (about ten million 25 MB files); the
 * scheme in the row lets keys be rotated before that.
 */
export const UPLOAD_ENCRYPTION = 'aes-256-gcm-chunked:v2';
export const LEGACY_UPLOAD_ENCRYPTION = 'aes-256-gcm:v1';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Plaintext per chunk: large enough that sealing costs little per byte, small enough to hold. */
export const CHUNK_BYTES = 64 * 1024;
const RECORD_BYTES = IV_BYTES + CHUNK_BYTES + TAG_BYTES;

type Owner = { uploadId: string; userId: string };

const keys = new Map<string, Promise<CryptoKey>>();

function importKey(base64: string): Promise<CryptoKey> {
  let key = keys.get(base64);
  if (!key) {
    const raw = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
    key = crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
    keys.set(base64, key);
  }
  return key;
}

const encoder = new TextEncoder();
const legacyAad = (ids: Owner) => encoder.encode(`${ids.uploadId}\n${ids.userId}`);
const chunkAad = (ids: Owner, index: number, last: boolean) =>
  encoder.encode(`${UPLOAD_ENCRYPTION}\n${ids.uploadId}\n${ids.userId}\n${index}\n${last ? 'last' : 'more'}`);

/**
 * Seals plaintext pushed in pieces of any size into v2 records. One chunk is held until the next bytes
 * (or `finish`) show whether it is the last.
 */
export class UploadSealer {
  private readonly chunk = new Uint8Array(CHUNK_BYTES);
  private filled = 0;
  private index = 0;

  constructor(
    private readonly keyBase64: string,
    private readonly ids: Owner,
  ) {}

  /** Sealed records for the chunks these bytes completed (none while a chunk is still filling). */
  async push(bytes: Uint8Array): Promise<Uint8Array[]> {
    const records: Uint8Array[] = [];
    let offset = 0;
    while (offset < bytes.length) {
      if (this.filled === CHUNK_BYTES) {
        records.push(await this.seal(this.chunk, false));
        this.filled = 0;
      }
      const n = Math.min(CHUNK_BYTES - this.filled, bytes.length - offset);
      this.chunk.set(bytes.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
    }
    return records;
  }

  /** The last record (it may hold no plaintext). */
  finish(): Promise<Uint8Array> {
    return this.seal(this.chunk.subarray(0, this.filled), true);
  }

  private async seal(plaintext: Uint8Array<ArrayBuffer>, last: boolean): Promise<Uint8Array> {
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    // WebCrypto copies its input when called, so the chunk buffer can be refilled after this.
    const sealed = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: chunkAad(this.ids, this.index, last) },
      await importKey(this.keyBase64),
      plaintext,
    );
    this.index += 1;
    const record = new Uint8Array(IV_BYTES + sealed.byteLength);
    record.set(iv, 0);
    record.set(new Uint8Array(sealed), IV_BYTES);
    return record;
  }
}

async function openRecord(
  key: CryptoKey,
  ids: Owner,
  record: Uint8Array<ArrayBuffer>,
  index: number,
  last: boolean,
) {
  if (record.length < IV_BYTES + TAG_BYTES) throw new Error('sealed upload is truncated');
  const plaintext = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: record.slice(0, IV_BYTES), additionalData: chunkAad(ids, index, last) },
    key,
    record.subarray(IV_BYTES),
  );
  return new Uint8Array(plaintext);
}

/** Bytes received in pieces, taken from the front in runs of a chosen length. */
class ByteQueue {
  private pieces: Uint8Array[] = [];
  length = 0;

  push(bytes: Uint8Array) {
    this.pieces.push(bytes);
    this.length += bytes.length;
  }

  take(n: number): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const piece = this.pieces[0] as Uint8Array;
      const used = Math.min(piece.length, n - filled);
      out.set(piece.subarray(0, used), filled);
      filled += used;
      if (used === piece.length) this.pieces.shift();
      else this.pieces[0] = piece.subarray(used);
    }
    this.length -= n;
    return out;
  }
}

/** Decrypts a v2 object as it streams; the stream errors at the first chunk that does not authenticate. */
function openChunked(keyBase64: string, ids: Owner): TransformStream<Uint8Array, Uint8Array> {
  const queue = new ByteQueue();
  let index = 0;
  return new TransformStream({
    async transform(bytes, controller) {
      queue.push(bytes);
      // A full record is known not to be the last only once a byte after it has arrived.
      while (queue.length > RECORD_BYTES) {
        const record = queue.take(RECORD_BYTES);
        controller.enqueue(await openRecord(await importKey(keyBase64), ids, record, index++, false));
      }
    },
    async flush(controller) {
      const record = queue.take(queue.length);
      controller.enqueue(await openRecord(await importKey(keyBase64), ids, record, index, true));
    },
  });
}

async function openLegacy(keyBase64: string, ids: Owner, stored: ArrayBuffer): Promise<ArrayBuffer> {
  const bytes = new Uint8Array(stored);
  return crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: bytes.slice(0, IV_BYTES), additionalData: legacyAad(ids) },
    await importKey(keyBase64),
    bytes.slice(IV_BYTES),
  );
}

/** The plaintext of a sealed object, streamed (v1 objects are decrypted whole: they were sealed whole). */
export function openUpload(
  keyBase64: string,
  ids: Owner,
  scheme: string,
  sealed: ReadableStream<Uint8Array>,
): ReadableStream<Uint8Array> {
  if (scheme === UPLOAD_ENCRYPTION) return sealed.pipeThrough(openChunked(keyBase64, ids));
  if (scheme === LEGACY_UPLOAD_ENCRYPTION) {
    return new ReadableStream({
      async start(controller) {
        const plaintext = await openLegacy(keyBase64, ids, await new Response(sealed).arrayBuffer());
        controller.enqueue(new Uint8Array(plaintext));
        controller.close();
      },
    });
  }
  throw new Error(`unknown upload encryption ${scheme}`);
}
