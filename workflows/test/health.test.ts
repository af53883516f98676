import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { startHealthServer } from '../src/service/health.ts';

describe('the worker health probe', () => {
  const servers: { close: () => void }[] = [];
  afterEach(() => {
    for (const s of servers.splice(0)) s.close();
  });

  it('answers 200 while the worker runs and 503 once it drains', async () => {
    let state = 'RUNNING';
    const server = await startHealthServer({ port: 0, host: '127.0.0.1', state: () => state });
    servers.push(server);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const running = await fetch(`${url}/health`);
    expect(running.status).toBe(200);
    expect(await running.json()).toMatchObject({ state: 'RUNNING' });

    state = 'DRAINING';
    const draining = await fetch(`${url}/health`);
    expect(draining.status).toBe(503);
    expect(await draining.json()).toMatchObject({ state: 'DRAINING' });

    expect((await fetch(`${url}/other`)).status).toBe(404);
  });

  it('is configured from the environment, off unless a port is named', () => {
    const token = 'x'.repeat(32);
    const off = loadConfig({ PITWALL_SERVICE_TOKEN: token });
    expect(off.PITWALL_HEALTH_PORT).toBeUndefined();
    expect(off.PITWALL_SHUTDOWN_GRACE_SECONDS).toBe(30);
    const on = loadConfig({
      PITWALL_SERVICE_TOKEN: token,
      PITWALL_HEALTH_PORT: '8080',
      PITWALL_HEALTH_HOST: '0.0.0.0',
      PITWALL_SHUTDOWN_GRACE_SECONDS: '120',
    });
    expect(on).toMatchObject({ PITWALL_HEALTH_PORT: 8080, PITWALL_HEALTH_HOST: '0.0.0.0' });
    expect(on.PITWALL_SHUTDOWN_GRACE_SECONDS).toBe(120);
    expect(() => loadConfig({ PITWALL_SERVICE_TOKEN: token, PITWALL_HEALTH_PORT: 'eighty' })).toThrow(
      /PITWALL_HEALTH_PORT/,
    );
  });
});
