import { z } from 'zod';
import { InvalidModelOutput } from './model-errors.ts';
import { type ModelQuery, ModelQuerySchema } from './model-query.ts';

/**
 * What a model answers when asked to plan: a query of the query language (names unresolved), or a
 * question back. One object with a `kind` rather than a union at the root, because strict structured
 * outputs need an object root.
 */
/**
 * A question back as a model writes it: each option is a query (names unresolved, like the main one), so
 * that picking it runs that query rather than a sentence parsed again; its words for the button are ours
 * (the query in words). Options are bare queries, not objects holding one, to keep the schema within five
 * levels of nested objects, the most strict structured output has accepted.
 */
export const ModelClarificationSchema = z.object({
  question: z.string().max(300),
  options: z
    .array(ModelQuerySchema)
    .max(5)
    .describe('each way to read the question, as the query that answers it'),
});
export type ModelClarification = z.infer<typeof ModelClarificationSchema>;

export const PlannerOutputSchema = z.object({
  kind: z.enum(['query', 'clarify']),
  query: ModelQuerySchema.optional(),
  clarification: ModelClarificationSchema.optional(),
});
export type ModelAnswer =
  | { kind: 'query'; query: ModelQuery }
  | { kind: 'clarify'; clarification: ModelClarification };

type Json = Record<string, unknown>;
/** Keywords strict mode rejects; zod still checks them when the answer comes back. */
const UNSUPPORTED = new Set(['$schema', 'default', 'minLength', 'maxLength']);

function strictNode(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictNode);
  if (typeof node !== 'object' || node === null) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) if (!UNSUPPORTED.has(key)) out[key] = strictNode(value);
  if (out.type === 'object' && typeof out.properties === 'object' && out.properties !== null) {
    const properties = out.properties as Json;
    const required = new Set(Array.isArray(out.required) ? (out.required as string[]) : []);
    for (const [key, schema] of Object.entries(properties)) {
      if (!required.has(key)) properties[key] = { anyOf: [schema, { type: 'null' }] };
    }
    out.required = Object.keys(properties);
    out.additionalProperties = false;
  }
  return out;
}

/**
 * A zod schema as a JSON schema that OpenAI's strict mode accepts: every property required, an optional
 * one as `anyOf [T, null]` instead, `additionalProperties: false` on every object, and no keywords strict
 * mode refuses. `dropNulls` turns an answer back into what the zod schema expects.
 */
export function strictJsonSchema(schema: z.ZodType): Json {
  return strictNode(z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'output' })) as Json;
}

/** Removes null properties, which stand for "absent" in a strict-mode answer. */
export function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, dropNulls(v)]),
  );
}

export const PLANNER_JSON_SCHEMA = strictJsonSchema(PlannerOutputSchema);

/** The first JSON object in a text: tolerates code fences and prose around it (models without schemas). */
function jsonIn(text: string): unknown {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) throw new InvalidModelOutput('the model answered without a JSON object');
  try {
    return JSON.parse(text.slice(start, end + 1));
  } catch (error) {
    throw new InvalidModelOutput('the model answered with invalid JSON', { cause: error });
  }
}

/**
 * Parses and validates a planner answer against the model-facing schema. Throws InvalidModelOutput
 * (non-retryable) for invalid JSON, a schema violation (an unknown metric included), or a `kind` whose
 * branch is missing.
 */
export function parsePlannerOutput(text: string): ModelAnswer {
  const parsed = PlannerOutputSchema.safeParse(dropNulls(jsonIn(text)));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new InvalidModelOutput(`the model's answer does not fit the schema: ${problems.join('; ')}`);
  }
  const { kind, query, clarification } = parsed.data;
  if (kind === 'query' && query) return { kind, query };
  if (kind === 'clarify' && clarification) return { kind, clarification };
  throw new InvalidModelOutput(
    `the model answered kind "${kind}" without its ${kind === 'query' ? 'query' : 'clarification'}`,
  );
}
