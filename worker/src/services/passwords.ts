/**
 * PBKDF2-SHA256 password hashes. 100,000 iterations is the most the deployed Workers runtime's WebCrypto
 * computes ("iteration counts above 100000 are not supported"); local workerd does not enforce that cap,
 * so the code does, or a higher count would pass every local test and break every login in production.
 * Stored as `pbkdf2$<iterations>$<salt b64>$<hash b64>` so the count can change without breaking old hashes.
 */
export const PBKDF2_MAX_ITERATIONS = 100_000;
const ITERATIONS = PBKDF2_MAX_ITERATIONS;

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (s: string) => Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0));

async function derive(
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    256,
  );
  return new Uint8Array(bits);
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return `pbkdf2$${ITERATIONS}$${b64(salt)}$${b64(await derive(password, salt, ITERATIONS))}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterations, salt, hash] = stored.split('$');
  if (scheme !== 'pbkdf2' || !iterations || !salt || !hash) return false;
  const count = Number(iterations);
  if (!Number.isInteger(count) || count < 1 || count > PBKDF2_MAX_ITERATIONS) {
    // Not a wrong password: the stored hash cannot be checked here. Fail loudly (an internal error).
    throw new Error(`password hash needs ${iterations} PBKDF2 iterations; the runtime allows at most 100000`);
  }
  const actual = await derive(password, unb64(salt), count);
  return timingSafeEqual(actual, unb64(hash));
}

export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export async function sha256Hex(data: string | ArrayBuffer | Uint8Array<ArrayBuffer>): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
