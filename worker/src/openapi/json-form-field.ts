import { z } from 'zod';

/** Form fields that carry JSON text, and the schema of the value that text must encode. */
const encodedValues = new WeakMap<z.ZodType, z.ZodType>();

/**
 * A multipart field whose text is JSON for `schema`: parsed, then validated with `schema`. The OpenAPI
 * document describes the field as `schema` itself, which is how OpenAPI 3.1 says that a form part holds a
 * JSON-encoded object (clients send it as an `application/json` part).
 */
export function jsonFormField<T extends z.ZodType>(schema: T, opts: { maxLength: number; message: string }) {
  const field = z
    .string()
    .max(opts.maxLength)
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: opts.message });
        return z.NEVER;
      }
    })
    .pipe(schema);
  encodedValues.set(field, schema);
  return field;
}

/** The schema of the JSON a form field carries, when `schema` is such a field. */
export const encodedValueOf = (schema: unknown): z.ZodType | undefined =>
  encodedValues.get(schema as z.ZodType);
