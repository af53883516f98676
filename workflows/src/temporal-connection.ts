import { readFileSync } from 'node:fs';
import type { NativeConnectionOptions } from '@temporalio/worker';
import type { TemporalConfig } from './config.ts';

/**
 * How the worker connects to Temporal: plain for the local dev server; TLS with an API key (Temporal
 * Cloud's API-key namespaces) or with a client certificate (mTLS namespaces, self-hosted clusters that
 * authorize by certificate). Credentials never travel in the clear: setting any of them turns TLS on.
 */
export function temporalConnectionOptions(
  config: TemporalConfig,
  readFile: (path: string) => Buffer = readFileSync,
): NativeConnectionOptions {
  const { TEMPORAL_TLS_CERT: cert, TEMPORAL_TLS_KEY: key } = config;
  if (Boolean(cert) !== Boolean(key)) {
    throw new Error('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY are set together (mTLS needs both)');
  }
  if (config.TEMPORAL_TLS === '0' && (config.TEMPORAL_API_KEY || cert)) {
    throw new Error('TEMPORAL_TLS=0 with credentials: an API key or client key would travel unencrypted');
  }
  const tlsOn =
    config.TEMPORAL_TLS === '1' ||
    Boolean(config.TEMPORAL_API_KEY) ||
    Boolean(cert) ||
    Boolean(config.TEMPORAL_TLS_CA);
  const tls = tlsOn
    ? {
        ...(cert && key ? { clientCertPair: { crt: readFile(cert), key: readFile(key) } } : {}),
        ...(config.TEMPORAL_TLS_CA ? { serverRootCACertificate: readFile(config.TEMPORAL_TLS_CA) } : {}),
        ...(config.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME } : {}),
      }
    : false;
  return {
    address: config.TEMPORAL_ADDRESS,
    tls,
    ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY } : {}),
  };
}
