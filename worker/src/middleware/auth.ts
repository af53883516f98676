import { createMiddleware } from 'hono/factory';
import { sign, verify } from 'hono/jwt';
import { z } from 'zod';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { timingSafeEqual } from '../services/passwords.ts';

const TOKEN_TTL_SECONDS = 60 * 60;
const ClaimsSchema = z.object({ sub: z.string(), name: z.string(), exp: z.number() });

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

/** Requires a valid user JWT (header, or the `pw_token` cookie the site may set). */
export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearer(c.req.header('authorization'));
  if (!token) throw new ApiError(401, 'unauthorized', 'sign in first: missing bearer token');
  let claims: z.infer<typeof ClaimsSchema>;
  try {
    claims = ClaimsSchema.parse(await verify(token, c.var.config.JWT_SECRET, 'HS256'));
  } catch {
    throw new ApiError(401, 'unauthorized', 'the token is invalid or expired');
  }
  c.set('userId', claims.sub);
  c.set('username', claims.name);
  await next();
});

/** The compute plane's calls carry the shared service token. */
export const requireService = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearer(c.req.header('authorization')) ?? '';
  const expected = new TextEncoder().encode(c.var.config.SERVICE_TOKEN);
  if (!timingSafeEqual(new TextEncoder().encode(token), expected)) {
    throw new ApiError(401, 'unauthorized', 'service token required');
  }
  await next();
});
