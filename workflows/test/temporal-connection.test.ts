import { describe, expect, it } from 'vitest';
import { temporalConfig } from '../src/config.ts';
import { temporalConnectionOptions } from '../src/temporal-connection.ts';

/** What the Node worker hands the Temporal SDK, from its environment alone. */
const settings = (env: Record<string, string>) =>
  temporalConfig({ TEMPORAL_ADDRESS: 'temporal.example:7233', ...env });
const files: Record<string, string> = { '/crt.pem': 'CERT', '/key.pem': 'KEY', '/ca.pem': 'CA' };
const read = (path: string) => Buffer.from(files[path] ?? '');

describe('the worker connection to Temporal', () => {
  it('is plain for the local dev server', () => {
    expect(temporalConnectionOptions(settings({}), read)).toEqual({
      address: 'temporal.example:7233',
      tls: false,
    });
  });

  it('sends an API key over TLS (Temporal Cloud API-key namespaces)', () => {
    expect(temporalConnectionOptions(settings({ TEMPORAL_API_KEY: 'secret' }), read)).toEqual({
      address: 'temporal.example:7233',
      tls: {},
      apiKey: 'secret',
    });
  });

  it('presents a client certificate for mTLS, with a private CA and server name when given', () => {
    const options = temporalConnectionOptions(
      settings({
        TEMPORAL_TLS_CERT: '/crt.pem',
        TEMPORAL_TLS_KEY: '/key.pem',
        TEMPORAL_TLS_CA: '/ca.pem',
        TEMPORAL_TLS_SERVER_NAME: 'frontend.internal',
      }),
      read,
    );
    expect(options).toEqual({
      address: 'temporal.example:7233',
      tls: {
        clientCertPair: { crt: Buffer.from('CERT'), key: Buffer.from('KEY') },
        serverRootCACertificate: Buffer.from('CA'),
        serverNameOverride: 'frontend.internal',
      },
    });
  });

  it('refuses half a certificate pair, and credentials without TLS', () => {
    expect(() => temporalConnectionOptions(settings({ TEMPORAL_TLS_CERT: '/crt.pem' }), read)).toThrow(
      /set together/,
    );
    expect(() =>
      temporalConnectionOptions(settings({ TEMPORAL_API_KEY: 'secret', TEMPORAL_TLS: '0' }), read),
    ).toThrow(/unencrypted/);
  });
});
