import { ErrorEnvelopeSchema } from '@pitwall/db/contracts';
import { z } from 'zod';
import { analysisDocs } from '../routes/analyses-docs.ts';
import { authDocs } from '../routes/auth.ts';
import { batchDocs } from '../routes/batches-docs.ts';
import { dataDocs } from '../routes/data.ts';
import { healthDocs } from '../routes/health.ts';
import { metricsDocs } from '../routes/metrics.ts';
import { modelDocs } from '../routes/models.ts';
import { usageDocs } from '../routes/usage.ts';
import type { RouteDoc } from './route-doc.ts';

/** The meta routes describe themselves here; the resource routes declare theirs beside their handlers. */
const metaDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document',
    tag: 'meta',
    auth: 'none',
    responses: { 200: { description: 'OpenAPI 3.1', contentType: 'application/json' } },
  },
  {
    method: 'get',
    path: '/api/docs',
    summary: 'This document as a readable page',
    tag: 'meta',
    auth: 'none',
    responses: { 200: { description: 'HTML', contentType: 'text/html' } },
  },
];

export const ROUTE_DOCS: RouteDoc[] = [
  ...healthDocs,
  ...authDocs,
  ...analysisDocs,
  ...batchDocs,
  ...usageDocs,
  ...metricsDocs,
  ...dataDocs,
  ...modelDocs,
  ...metaDocs,
];

// Request shapes are documented as clients send them (before transforms and defaults).
// OpenAPI 3.1 schemas are JSON Schema 2020-12, which is the dialect the document declares once.
function toSchema(schema: z.ZodType, io: 'input' | 'output') {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  });
  return json;
}

const ERRORS: Record<number, string> = {
  400: 'invalid request (code `invalid_request`)',
  401: 'missing, invalid or expired token (`unauthorized`)',
  404: 'not found, or not yours (`not_found`)',
  409: 'conflict, e.g. an Idempotency-Key reused with another body (`conflict`)',
  413: 'body too large (`payload_too_large`)',
  415: 'wrong media type (`unsupported_media_type`)',
  429: 'rate limited (`rate_limited`); see Retry-After',
  500: 'internal error (`internal`)',
};

function parameters(route: RouteDoc) {
  const out: unknown[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!schema) continue;
    for (const [name, field] of Object.entries(schema.shape)) {
      const json = toSchema(field as z.ZodType, 'input');
      out.push({
        name,
        in: where,
        required: where === 'path' || !(field as z.ZodType).safeParse(undefined).success,
        schema: json,
      });
    }
  }
  if (route.idempotent) {
    out.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'Same key + same body returns the first answer; same key + another body is 409.',
      schema: { type: 'string', pattern: '^[\\x21-\\x7E]{1,200}$' },
    });
  }
  return out;
}

function operation(route: RouteDoc) {
  const responses: Record<string, unknown> = {};
  for (const [status, res] of Object.entries(route.responses)) {
    const contentType = res.contentType ?? 'application/json';
    responses[status] = {
      description: res.description,
      content: { [contentType]: res.schema ? { schema: toSchema(res.schema, 'output') } : {} },
    };
  }
  const errorStatuses = [400, 413, 415, 429, 500, ...(route.auth === 'none' ? [] : [401, 404])];
  if (route.idempotent) errorStatuses.push(409);
  for (const status of errorStatuses) {
    responses[String(status)] ??= {
      description: ERRORS[status],
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } },
    };
  }
  return {
    summary: route.summary,
    tags: [route.tag],
    ...(route.auth === 'user' ? { security: [{ bearer: [] }] } : { security: [] }),
    parameters: parameters(route),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { [route.body.type]: { schema: toSchema(route.body.schema, 'input') } },
          },
        }
      : {}),
    responses,
  };
}

let cached: unknown;

/** The OpenAPI 3.1 document of the public API, built once per isolate from ROUTE_DOCS. */
export function openApiDocument() {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTE_DOCS) {
    const entry = paths[route.path] ?? {};
    entry[route.method] = operation(route);
    paths[route.path] = entry;
  }
  cached = {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Pit Wall API',
      version: '1.0.0',
      description:
        'F1 questions answered by durable workflows over real timing data. Every non-2xx answer is `{ error: { code, message, details? } }`.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { ErrorEnvelope: toSchema(ErrorEnvelopeSchema, 'output') },
    },
    paths,
  };
  return cached;
}
