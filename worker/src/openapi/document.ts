import { ErrorEnvelopeSchema } from '@pitwall/db/contracts';
import { z } from 'zod';
import { analysisDocs } from '../routes/analyses-docs.ts';
import { authDocs } from '../routes/auth.ts';
import { batchDocs } from '../routes/batches-docs.ts';
import { catalogDocs } from '../routes/catalog.ts';
import { dataDocs } from '../routes/data.ts';
import { healthDocs } from '../routes/health.ts';
import { metricsDocs } from '../routes/metrics.ts';
import { modelDocs } from '../routes/models.ts';
import { shareDocs } from '../routes/shares.ts';
import { usageDocs } from '../routes/usage.ts';
import { encodedValueOf } from './json-form-field.ts';
import type { RouteDoc } from './route-doc.ts';

/** The meta routes describe themselves here; the resource routes declare theirs beside their handlers. */
const metaDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document',
    tag: 'meta',
    auth: 'none',
    rateLimited: false,
    responses: { 200: { description: 'OpenAPI 3.1', contentType: 'application/json' } },
  },
  {
    method: 'get',
    path: '/api/docs',
    summary: 'This document as a readable page',
    tag: 'meta',
    auth: 'none',
    rateLimited: false,
    responses: { 200: { description: 'HTML', contentType: 'text/html' } },
  },
];

export const ROUTE_DOCS: RouteDoc[] = [
  ...healthDocs,
  ...authDocs,
  ...analysisDocs,
  ...batchDocs,
  ...shareDocs,
  ...usageDocs,
  ...metricsDocs,
  ...dataDocs,
  ...modelDocs,
  ...catalogDocs,
  ...metaDocs,
];

type Json = Record<string, unknown>;

/**
 * A tuple whose items share one schema is the same constraint as a fixed-length array of that schema.
 * Spelled that way, tools that misread `prefixItems` (Schemathesis rewrites it to the draft-7 array form
 * and then rejects that as 2020-12) read it too.
 */
function asFixedLengthArray(json: Json) {
  const prefix = json.prefixItems;
  if (!Array.isArray(prefix) || prefix.length === 0 || json.items !== false) return;
  const first = JSON.stringify(prefix[0]);
  if (!prefix.every((item) => JSON.stringify(item) === first)) return;
  delete json.prefixItems;
  json.items = prefix[0];
}

/**
 * JSON Schema patterns are ECMA-262, where `\d` is an ASCII digit; tools in other languages (Python's, which
 * Schemathesis uses) read it as any Unicode digit and would send ids the API refuses. `[0-9]` means the
 * same everywhere.
 */
function portablePattern(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') {
      const next = pattern[i + 1] ?? '';
      i++;
      out += next === 'd' ? (inClass ? '0-9' : '[0-9]') : `\\${next}`;
      continue;
    }
    if (char === '[' && !inClass) inClass = true;
    else if (char === ']' && inClass) inClass = false;
    out += char;
  }
  return out;
}

// Request shapes are documented as clients send them (before transforms and defaults).
// OpenAPI 3.1 schemas are JSON Schema 2020-12, which is the dialect the document declares once.
function toSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
    override: ({ zodSchema, jsonSchema }) => {
      const encoded = encodedValueOf(zodSchema);
      if (encoded) {
        for (const key of Object.keys(jsonSchema)) delete (jsonSchema as Json)[key];
        Object.assign(jsonSchema, toSchema(encoded, io));
      }
      asFixedLengthArray(jsonSchema as Json);
      // zod spells a second pattern of one string as an allOf entry.
      for (const part of [jsonSchema, ...(jsonSchema.allOf ?? [])] as Json[]) {
        if (typeof part.pattern === 'string') part.pattern = portablePattern(part.pattern);
      }
    },
  });
  return json;
}

/** What the error answers every route may give mean; a route's own `errors` say more where they apply. */
const SHARED_ERRORS: Record<number, string> = {
  400: 'invalid request (`invalid_request`): `details.issues` names each invalid field',
  401: 'missing, invalid or expired token (`unauthorized`)',
  404: 'not found, or not yours (`not_found`)',
  409: 'an Idempotency-Key reused with another request (`conflict`)',
  413: 'body too large (`payload_too_large`)',
  415: 'a body that is not JSON (`unsupported_media_type`)',
  429: 'rate limited (`rate_limited`); see Retry-After',
  500: 'internal error (`internal`)',
};

/** The error answers a route gives, from what it declares (inputs, auth, limits) and its own `errors`. */
function errorResponses(route: RouteDoc): Record<number, string> {
  const takesInput = Boolean(route.params || route.query || route.body || route.idempotent);
  const statuses = [
    ...(takesInput ? [400] : []),
    ...(route.auth === 'none' ? [] : [401]),
    ...(route.params ? [404] : []),
    ...(route.idempotent ? [409] : []),
    // Every /api route has a body limit and refuses bodies of another media type.
    413,
    415,
    ...(route.rateLimited === false ? [] : [429]),
    500,
  ];
  const errors: Record<number, string> = {};
  for (const status of statuses) errors[status] = SHARED_ERRORS[status] as string;
  for (const [status, description] of Object.entries(route.errors ?? {})) {
    if (description) errors[Number(status)] = description;
  }
  return errors;
}

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

/** OpenAPI's Encoding Object: each form part's media types. */
const encodingOf = (partTypes: Record<string, string>) =>
  Object.fromEntries(Object.entries(partTypes).map(([part, contentType]) => [part, { contentType }]));

const SECURITY = { none: [], user: [{ bearer: [] }], service: [{ serviceToken: [] }] };

function operation(route: RouteDoc) {
  const responses: Record<string, unknown> = {};
  for (const [status, res] of Object.entries(route.responses)) {
    const content = res.content ?? { [res.contentType ?? 'application/json']: res.schema };
    responses[status] = {
      description: res.description,
      content: Object.fromEntries(
        Object.entries(content).map(([type, schema]) => [
          type,
          schema ? { schema: toSchema(schema, 'output') } : {},
        ]),
      ),
    };
  }
  for (const [status, description] of Object.entries(errorResponses(route))) {
    responses[status] ??= {
      description,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } },
    };
  }
  return {
    summary: route.summary,
    tags: [route.tag],
    security: SECURITY[route.auth],
    parameters: parameters(route),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: {
              [route.body.type]: {
                schema: toSchema(route.body.schema, 'input'),
                ...(route.body.partTypes ? { encoding: encodingOf(route.body.partTypes) } : {}),
              },
            },
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
        'F1 questions answered by durable workflows over real timing data. Every non-2xx answer is `{ error: { code, message, details? } }`. A method a path does not serve is answered 405 with an `Allow` header.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        serviceToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'METRICS_TOKEN, or the compute plane’s service token',
        },
      },
      schemas: { ErrorEnvelope: toSchema(ErrorEnvelopeSchema, 'output') },
    },
    paths,
  };
  return cached;
}
