import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';

export const health = new Hono<AppEnv>().get('/', async (c) => {
  const temporal = await c.var.temporal.health();
  return c.json({ status: 'ok' as const, temporal, time: new Date().toISOString() });
});
