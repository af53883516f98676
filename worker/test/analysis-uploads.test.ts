import { describe, expect, it } from 'vitest';
import { client, csvUpload, expectEnvelope, type Json } from './support/http.ts';

/**
 * An upload as the data of an analysis, inside workerd with real D1, R2 and Temporal: submission accepts
 * only the caller's own laps or results upload, the workflow receives the data, and the compute plane's
 * internal route serves that one upload, decrypted, only for the analysis that was submitted with it.
 */
const { stack, call, newUser, service } = client();
const CONTENT = 'driver,lap,lap_time\nVER,2,1:32.456\nNOR,2,1:32.789\n';

async function upload(token: string, type = 'laps', content = CONTENT) {
  const res = await call('POST', '/api/data/upload', { token, body: csvUpload({ content, type }) });
  expect(res.status).toBe(201);
  return res.json.id as string;
}

const analyze = (token: string, data: unknown) =>
  call('POST', '/api/analyze', { token, body: { query: 'race pace comparison', data } });

/** The workflow input Temporal recorded for an analysis. */
async function workflowInput(analysisId: string): Promise<Json> {
  const res = await fetch(
    `${stack.temporalHttp}/api/v1/namespaces/default/workflows/analysis-${analysisId}/history`,
  );
  const history = (await res.json()) as Json;
  // Temporal's HTTP API shows a JSON payload as the value itself.
  return history.history.events[0].workflowExecutionStartedEventAttributes.input[0];
}

describe('an upload as the data of an analysis', () => {
  it('checks the upload at submission: the caller’s own laps or results table only', async () => {
    const alice = await newUser();
    const bob = await newUser();
    const bobs = await upload(bob.token);
    const weather = await upload(alice.token, 'weather', 'time,air_temp\n1,25\n');

    for (const data of [
      { type: 'upload' },
      { type: 'upload', parameters: {} },
      { type: 'upload', parameters: { uploadId: 'up_short' } },
      { type: 'race', parameters: { season: 2024, round: 99 } },
      { type: 'season', parameters: { season: 'this one' } },
    ]) {
      const res = await analyze(alice.token, data);
      expect(res.status, JSON.stringify(data)).toBe(400);
      expectEnvelope(res, 'invalid_request');
    }
    for (const uploadId of [bobs, 'up_aaaaaaaaaaaaaaaaaaaa']) {
      const res = await analyze(alice.token, { type: 'upload', parameters: { uploadId } });
      expect(res.status).toBe(404);
      expectEnvelope(res, 'not_found');
    }
    const wrongType = await analyze(alice.token, { type: 'upload', parameters: { uploadId: weather } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.error.message).toMatch(/laps or results table; this upload is weather/);
    // Nothing was created for the refused submissions.
    expect((await call('GET', '/api/analyses', { token: alice.token })).json.items).toEqual([]);
  });

  it('passes the data to the workflow', async () => {
    const { token } = await newUser();
    const race = await analyze(token, { type: 'race', parameters: { season: 2024, round: 21 } });
    expect(race.status).toBe(202);
    expect((await workflowInput(race.json.id)).data).toEqual({
      type: 'race',
      parameters: { season: 2024, round: 21 },
    });
    const uploadId = await upload(token);
    const own = await analyze(token, { type: 'upload', parameters: { uploadId } });
    expect(own.status).toBe(202);
    expect((await workflowInput(own.json.id)).data).toEqual({ type: 'upload', parameters: { uploadId } });
  });

  it('serves the compute plane that upload, decrypted, and nothing else', async () => {
    const alice = await newUser();
    const bob = await newUser();
    const uploadId = await upload(alice.token);
    const other = await upload(alice.token, 'laps', 'driver,lap,time_s\nHAM,2,90\n');
    const bobs = await upload(bob.token);
    const { json } = await analyze(alice.token, { type: 'upload', parameters: { uploadId } });
    const id = json.id as string;
    const plain = await call('POST', '/api/analyze', { token: alice.token, body: { query: 'who won?' } });

    const meta = await call('GET', `/api/internal/analyses/${id}/uploads/${uploadId}`, {
      headers: service(),
    });
    expect(meta.status).toBe(200);
    expect(meta.json).toEqual({
      id: uploadId,
      type: 'laps',
      format: 'csv',
      name: 'laps.csv',
      size: CONTENT.length,
      metadata: null,
    });
    const content = await call('GET', `/api/internal/analyses/${id}/uploads/${uploadId}/content`, {
      headers: service(),
    });
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toContain('text/csv');
    expect(content.text).toBe(CONTENT);

    // Only with the service token; a user token (even the owner's) is refused.
    expect((await call('GET', `/api/internal/analyses/${id}/uploads/${uploadId}/content`)).status).toBe(401);
    expect(
      (await call('GET', `/api/internal/analyses/${id}/uploads/${uploadId}/content`, { token: alice.token }))
        .status,
    ).toBe(401);
    // Another upload of the same owner, another user's upload, an analysis submitted without an upload.
    for (const path of [
      `/api/internal/analyses/${id}/uploads/${other}/content`,
      `/api/internal/analyses/${id}/uploads/${bobs}/content`,
      `/api/internal/analyses/${id}/uploads/${bobs}`,
      `/api/internal/analyses/${plain.json.id}/uploads/${uploadId}/content`,
      `/api/internal/analyses/an_aaaaaaaaaaaaaaaaaaaa/uploads/${uploadId}/content`,
    ]) {
      const res = await call('GET', path, { headers: service() });
      expect(res.status, path).toBe(404);
      expectEnvelope(res, 'not_found');
    }
  });
});
