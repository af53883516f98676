import { AuthResponseSchema, CredentialsSchema } from '@pitwall/db/contracts';
import { findUserByName, insertUser } from '@pitwall/db/queries/app';
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { issueToken } from '../middleware/auth.ts';
import { beginSignIn, limitRegistrationByIp } from '../middleware/rate-limit.ts';
import type { RouteDoc } from '../openapi/route-doc.ts';
import { newId } from '../services/ids.ts';
import { hashPassword, verifyPassword } from '../services/passwords.ts';
import { validate } from '../validate.ts';

export const authDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/auth/register',
    summary: 'Create an account; answers a 1-hour access token',
    tag: 'auth',
    auth: 'none',
    body: { schema: CredentialsSchema, type: 'application/json' },
    responses: { 201: { description: 'registered', schema: AuthResponseSchema } },
    errors: {
      409: 'that username is taken (`conflict`)',
      429: 'too many requests, or too many accounts from this address (`rate_limited`); see Retry-After',
    },
  },
  {
    method: 'post',
    path: '/api/auth/login',
    summary: 'Sign in; answers a 1-hour access token',
    tag: 'auth',
    auth: 'none',
    body: { schema: CredentialsSchema, type: 'application/json' },
    responses: { 200: { description: 'signed in', schema: AuthResponseSchema } },
    errors: {
      401: 'wrong username or password (`unauthorized`)',
      429: 'too many requests, or too many failed sign-ins for this account (`rate_limited`); see Retry-After',
    },
  },
];

export const auth = new Hono<AppEnv>()
  .post('/register', limitRegistrationByIp, validate('json', CredentialsSchema), async (c) => {
    const { username, password } = c.req.valid('json');
    const user = { id: newId('usr'), username };
    // A taken name costs the same hash and insert as a free one, so only the answer tells them apart.
    const created = await insertUser(c.var.db, { ...user, passwordHash: await hashPassword(password) });
    if (!created) throw new ApiError(409, 'conflict', 'that username is taken');
    return c.json({ token: await issueToken(c.var.config.JWT_SECRET, user), user }, 201);
  })
  .post('/login', validate('json', CredentialsSchema), async (c) => {
    const { username, password } = c.req.valid('json');
    const attempt = await beginSignIn(c, username);
    const stored = await findUserByName(c.var.db, username);
    // Verify against a dummy hash when the user is unknown, so timing does not reveal which names exist.
    const ok = await verifyPassword(password, stored?.passwordHash ?? DUMMY_HASH);
    if (!stored || !ok) throw attempt.failed();
    await attempt.succeeded();
    const user = { id: stored.id, username: stored.username };
    return c.json({ token: await issueToken(c.var.config.JWT_SECRET, user), user }, 200);
  });

const DUMMY_HASH = 'pbkdf2$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
