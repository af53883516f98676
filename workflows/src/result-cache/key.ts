import { createHash } from 'node:crypto';
import type { Plan } from '@pitwall/db/contracts';

/** Raised when the key's shape or meaning changes, so entries made the old way are never read. */
const KEY_FORMAT = 2;

/**
 * Plan fields that name only public warehouse data. A plan holding any other field (an upload, anything
 * tied to a user) is not cached: a field added to the plan later stays out of the cache until someone
 * decides here that it is public.
 */
const PUBLIC_PLAN_FIELDS: ReadonlySet<string> = new Set([
  'intent',
  'season',
  'round',
  'raceName',
  'seasons',
  'session',
  'drivers',
  'teams',
  'compounds',
  'seasonWide',
  'fuelCorrected',
  // The query and its words name metrics, refs, seasons and races of the public data, and the question's
  // own words the parser did not use; the key holds them, so only the same reading of a question is shared.
  'query',
  'understood',
]);

export type Cacheability = { cacheable: true } | { cacheable: false; reason: string };

/**
 * Whether an analysis may be served from, and entered into, the result cache, which every user shares.
 * Only questions about the public warehouse qualify: a request that brings its own data (an upload) or a
 * plan with any field not known to be public never does.
 */
export function cacheable(plan: Plan, request: { data?: { type: string } | undefined }): Cacheability {
  if (request.data?.type === 'upload') return { cacheable: false, reason: 'the question reads an upload' };
  const other = Object.keys(plan).filter(
    (k) => !PUBLIC_PLAN_FIELDS.has(k) && (plan as Record<string, unknown>)[k] !== undefined,
  );
  if (other.length > 0) {
    return { cacheable: false, reason: `the plan holds ${other.join(', ')}, which may not be public` };
  }
  return { cacheable: true };
}

/** JSON with object keys sorted at every depth and undefined members left out: equal values, equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export type CacheKeyParts = {
  plan: Plan;
  /** The warehouse's data version (`dataVersion` in @pitwall/db/queries/data-version). */
  dataVersion: string;
  /** The assistant that narrates, and its model id. */
  assistant: string;
  model: string;
  /** The compute plane's code version: a change to how answers are computed must not serve old ones. */
  code: string;
  /**
   * Set when a language model writes the narrative: the exact question and the asking user. A model's
   * text follows the prompt's wording, so it is reused only for that user asking exactly that again and
   * never shown to anyone else; the builtin narrative follows from the computation alone and is shared.
   */
  narratedFor?: { userId: string; question: string };
};

/** The result cache key: sha256 (hex) of the canonical JSON of the parts. */
export function resultCacheKey(parts: CacheKeyParts): string {
  return createHash('sha256')
    .update(canonicalJson({ format: KEY_FORMAT, ...parts }))
    .digest('hex');
}
