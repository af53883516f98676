import { z } from 'zod';
import { temporalConfig } from '../config.ts';
import { serveTemporalRelay } from '../temporal-relay/relay.ts';

/**
 * Serves the Worker's part of Temporal's HTTP API over gRPC (see docs/TEMPORAL.md): run it beside the
 * compute workers where the Temporal frontend serves no HTTP API. It connects as the workers do
 * (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY or TEMPORAL_TLS_*), listens on
 * PITWALL_RELAY_HOST:PITWALL_RELAY_PORT and requires PITWALL_RELAY_TOKEN as the bearer token (the Worker's
 * TEMPORAL_API_KEY).
 */
const env = z
  .object({
    PITWALL_RELAY_PORT: z.coerce.number().int().min(1).max(65535).default(7243),
    PITWALL_RELAY_HOST: z.string().default('127.0.0.1'),
    PITWALL_RELAY_TOKEN: z.string().min(32, 'PITWALL_RELAY_TOKEN must be at least 32 characters'),
  })
  .parse(process.env);
const temporal = temporalConfig();
const relay = await serveTemporalRelay({
  temporal,
  token: env.PITWALL_RELAY_TOKEN,
  host: env.PITWALL_RELAY_HOST,
  port: env.PITWALL_RELAY_PORT,
});
console.log(`temporal relay on ${relay.url} → ${temporal.TEMPORAL_ADDRESS}`);
const stop = () => void relay.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
