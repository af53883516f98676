import { createMiddleware } from 'hono/factory';
import { sign, verify } from 'hono/jwt';
import { z } from 'zod';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { timingSafeEqual } from '../services/passwords.ts';

/** Access tokens are short-lived: a leaked one is useful for an hour at most. */
export const TOKEN_TTL_SECONDS = 60 * 60;
/** Tolerated clock difference between the issuer and this isolate. */
const CLOCK_SKEW_SECONDS = 30;

const ClaimsSchema = z
  .object({ sub: z.string().min(1), name: z.string(), iat: z.number().int(), exp: z.number().int() })
  .refine((c) => c.exp - c.iat <= TOKEN_TTL_SECONDS, 'token lifetime exceeds the allowed maximum')
  .refine((c) => c.iat <= Date.now() / 1000 + CLOCK_SKEW_SECONDS, 'token issued in the future');

export function issueToken(secret: string, user: { id: string; username: string }) {
  const nowSeconds = Math.floor(Date.now() / 1000);
  return sign(
    { sub: user.id, name: user.username, iat: nowSeconds, exp: nowSeconds + TOKEN_TTL_SECONDS },
    secret,
    'HS256',
  );
}

function bearer(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

/**
 * Requires a valid user JWT: HS256 only, signature, `exp` (hono checks it), `iat` present, not in the
 * future, and a lifetime no longer than TOKEN_TTL_SECONDS, so a token minted with a long `exp` is refused.
 */
export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearer(c.req.header('authorization'));
  if (!token) throw new ApiError(401, 'unauthorized', 'sign in first: missing bearer token');
  const claims = verifiedClaims(token) ?? (await verifyToken(token, c.var.config.JWT_SECRET));
  c.set('userId', claims.sub);
  c.set('username', claims.name);
  await next();
});

type Claims = z.infer<typeof ClaimsSchema>;

/**
 * Tokens this isolate has verified, until they expire: a client sends the same token many times, and the
 * HMAC check (key import + verify) is most of what auth costs. Keyed by the full token, so a changed
 * signature is never found here.
 */
const verified = new Map<string, Claims>();
const MAX_VERIFIED = 5_000;

function verifiedClaims(token: string): Claims | undefined {
  const claims = verified.get(token);
  if (claims && claims.exp > Date.now() / 1000) return claims;
  if (claims) verified.delete(token);
  return undefined;
}

async function verifyToken(token: string, secret: string): Promise<Claims> {
  let claims: Claims;
  try {
    claims = ClaimsSchema.parse(await verify(token, secret, 'HS256'));
  } catch {
    throw new ApiError(401, 'unauthorized', 'the token is invalid or expired');
  }
  if (verified.size >= MAX_VERIFIED) verified.clear();
  verified.set(token, claims);
  return claims;
}

/** The compute plane's calls carry the shared service token. */
export const requireService = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearer(c.req.header('authorization')) ?? '';
  const expected = new TextEncoder().encode(c.var.config.SERVICE_TOKEN);
  if (!timingSafeEqual(new TextEncoder().encode(token), expected)) {
    throw new ApiError(401, 'unauthorized', 'service token required');
  }
  await next();
});
