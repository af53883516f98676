/**
 * AES-256-GCM for files at rest. Each object is `iv (12 bytes) ‖ ciphertext+tag`, with a fresh random IV
 * per object: with random 96-bit IVs one key should encrypt well under 2^32 objects, which a key id in
 * the row (`encryption`) lets us respect by rotating keys. The additional data binds a ciphertext to its
 * upload id and owner, so an object copied under another row does not decrypt.
 */
export const UPLOAD_ENCRYPTION = 'aes-256-gcm:v1';
const IV_BYTES = 12;

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

const aad = (uploadId: string, userId: string) => new TextEncoder().encode(`${uploadId}\n${userId}`);

export async function encryptUpload(
  keyBase64: string,
  ids: { uploadId: string; userId: string },
  plaintext: ArrayBuffer,
): Promise<Uint8Array<ArrayBuffer>> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: aad(ids.uploadId, ids.userId) },
    await importKey(keyBase64),
    plaintext,
  );
  const out = new Uint8Array(IV_BYTES + sealed.byteLength);
  out.set(iv, 0);
  out.set(new Uint8Array(sealed), IV_BYTES);
  return out;
}

export async function decryptUpload(
  keyBase64: string,
  ids: { uploadId: string; userId: string },
  stored: ArrayBuffer,
): Promise<ArrayBuffer> {
  const bytes = new Uint8Array(stored);
  return crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: bytes.slice(0, IV_BYTES), additionalData: aad(ids.uploadId, ids.userId) },
    await importKey(keyBase64),
    bytes.slice(IV_BYTES),
  );
}
