import { expect, inject } from 'vitest';
import type { StackInfo } from './global-setup.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers.
export type Json = Record<string, any>;
export type Answer = { status: number; json: Json; text: string; headers: Headers };

/** A small client for one stack: JSON in, parsed JSON (and the raw text) out. */
export function client(which: 'main' | 'tight' = 'main') {
  const stack: StackInfo = inject(which);
  let users = 0;

  async function call(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const isForm = opts.body instanceof FormData;
    const res = await fetch(`${stack.api}${path}`, {
      method,
      headers: {
        ...(opts.body !== undefined && !isForm ? { 'content-type': 'application/json' } : {}),
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...opts.headers,
      },
      body:
        opts.body === undefined
          ? undefined
          : typeof opts.body === 'string' || isForm
            ? (opts.body as BodyInit)
            : JSON.stringify(opts.body),
    });
    const text = await res.text();
    let json: Json = {};
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: res.status, json, text, headers: res.headers };
  }

  async function newUser(headers?: Record<string, string>) {
    users += 1;
    const username = `u${users}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const res = await call('POST', '/api/auth/register', {
      body: { username, password: 'correct horse battery' },
      ...(headers ? { headers } : {}),
    });
    expect(res.status).toBe(201);
    return res.json as { token: string; user: { id: string; username: string } };
  }

  const service = () => ({ authorization: `Bearer ${stack.serviceToken}` });

  return { stack, call, newUser, service };
}

export function expectEnvelope(res: { json: Json; text?: string }, code: string) {
  expect(res.json).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
}

export function csvUpload(
  opts: { content?: string; name?: string; type?: string; fileType?: string; metadata?: string } = {},
) {
  const form = new FormData();
  const content = opts.content ?? 'lap,driver,time_ms\n1,VER,81234\n2,VER,80987\n';
  form.set('file', new Blob([content], { type: opts.fileType ?? 'text/csv' }), opts.name ?? 'laps.csv');
  form.set('type', opts.type ?? 'laps');
  if (opts.metadata !== undefined) form.set('metadata', opts.metadata);
  return form;
}

/**
 * The input Temporal recorded for a workflow, read from the payload's bytes: the HTTP API's shorthand
 * rendering shows an empty array as null, which would hide what a test checks.
 */
export async function workflowInput(stack: StackInfo, workflowId: string): Promise<Json> {
  const res = await fetch(
    `${stack.temporalHttp}/api/v1/namespaces/default/workflows/${workflowId}/history?noPayloadShorthand`,
  );
  const history = (await res.json()) as Json;
  const [payload] = history.history.events[0].workflowExecutionStartedEventAttributes.input.payloads;
  expect(atob(payload.metadata.encoding)).toBe('json/plain');
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload.data), (c) => c.charCodeAt(0))));
}
