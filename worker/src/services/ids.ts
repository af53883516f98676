const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function encode(bytes: Uint8Array, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[(bytes[i] ?? 0) % 32];
  return out;
}

/** A random id with a readable prefix, e.g. `an_7k2m…`. */
export function newId(prefix: string): string {
  return `${prefix}_${encode(crypto.getRandomValues(new Uint8Array(20)), 20)}`;
}

/** The same inputs always give the same id: a retried submission maps onto the analysis it created. */
export async function derivedId(prefix: string, ...parts: string[]): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(parts.join('\n')));
  return `${prefix}_${encode(new Uint8Array(digest), 20)}`;
}

export const workflowIdFor = (analysisId: string) => `analysis-${analysisId}`;
