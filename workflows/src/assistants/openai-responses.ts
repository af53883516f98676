import OpenAI from 'openai';
import type {
  ResponseCreateParamsNonStreaming,
  ResponseInputItem,
} from 'openai/resources/responses/responses';
import { z } from 'zod';
import type { PlannerContext } from './builtin-planner.ts';
import { InvalidModelOutput, modelCall } from './model-errors.ts';
import { planFromModel } from './plan-names.ts';
import { PLANNER_JSON_SCHEMA } from './plan-output.ts';
import { type PriceTable, type Tokens, usageOf } from './pricing.ts';
import {
  FACTS_TOOL,
  factsPayload,
  NARRATOR_PROMPT,
  narratorInput,
  PLANNER_PROMPT,
  plannerInput,
} from './prompts.ts';
import type { Assistant, NarrateInput } from './registry.ts';

export const OPENAI_API_URL = 'https://api.openai.com/v1';

export type ClientOptions = { apiKey: string; baseURL?: string; timeoutMs: number; fetch?: typeof fetch };

/**
 * An OpenAI client with its own retries off: a Temporal activity retries with backoff and a history, and
 * two retry layers would multiply the wait (and the bill) without saying so.
 */
export function createOpenAIClient(o: ClientOptions): OpenAI {
  return new OpenAI({
    apiKey: o.apiKey,
    // Explicit, so the client never picks up OPENAI_BASE_URL behind the parsed configuration's back.
    baseURL: o.baseURL ?? OPENAI_API_URL,
    maxRetries: 0,
    timeout: o.timeoutMs,
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
}

/** The parts of a Responses API answer we read, checked rather than trusted. */
const ResponseShape = z.object({
  status: z.string().nullish(),
  incomplete_details: z.object({ reason: z.string().nullish() }).nullish(),
  output: z.array(z.looseObject({ type: z.string() })),
  usage: z.object({ input_tokens: z.number(), output_tokens: z.number() }).nullish(),
});
type ResponseData = z.infer<typeof ResponseShape>;
const FunctionCall = z.object({
  type: z.literal('function_call'),
  call_id: z.string(),
  name: z.string(),
  arguments: z.string(),
});
const Message = z.object({
  type: z.literal('message'),
  content: z.array(
    z.looseObject({ type: z.string(), text: z.string().optional(), refusal: z.string().optional() }),
  ),
});

export function readResponse(raw: unknown): ResponseData {
  const parsed = ResponseShape.safeParse(raw);
  if (!parsed.success)
    throw new InvalidModelOutput(`unexpected Responses API answer: ${parsed.error.message}`);
  if (parsed.data.status === 'incomplete') {
    const reason = parsed.data.incomplete_details?.reason ?? 'unknown';
    throw new InvalidModelOutput(`the model stopped before finishing (${reason})`);
  }
  return parsed.data;
}

/** The message text of a response; a refusal is an unusable answer, not an answer. */
export function textOf(response: ResponseData): string {
  const parts = response.output.flatMap((item) => Message.safeParse(item).data?.content ?? []);
  const refusal = parts.find((p) => p.type === 'refusal');
  if (refusal) throw new InvalidModelOutput(`the model refused: ${refusal.refusal ?? ''}`);
  return parts
    .filter((p) => p.type === 'output_text')
    .map((p) => p.text ?? '')
    .join('');
}

export const tokensOf = (r: ResponseData): Tokens => ({
  inputTokens: r.usage?.input_tokens ?? 0,
  outputTokens: r.usage?.output_tokens ?? 0,
});

export type ResponsesAssistantOptions = ClientOptions & {
  model: string;
  prices: PriceTable;
  /** Model turns allowed in one narration, tool calls included. */
  maxRounds?: number;
  now?: () => number;
};

/**
 * The `openai` assistant: plans by filling the query language through structured outputs, and narrates
 * through a get_facts tool call.
 */
export function createOpenAIResponsesAssistant(o: ResponsesAssistantOptions): Assistant {
  // Built on first use, so an assistant without a key can still be listed as unavailable.
  let client: OpenAI | undefined;
  const getClient = () => {
    if (!client) client = createOpenAIClient(o);
    return client;
  };
  const maxRounds = o.maxRounds ?? 4;
  const create = async (body: ResponseCreateParamsNonStreaming) =>
    readResponse(await modelCall('OpenAI', () => getClient().responses.create(body), o.now));

  return {
    name: 'openai',
    model: o.model,
    // A configured key is enough: probing the API would cost a request per listing and prove little.
    available: async () => o.apiKey.length > 0,

    async plan(question: string, ctx: PlannerContext) {
      const response = await create({
        model: o.model,
        instructions: PLANNER_PROMPT,
        input: plannerInput(question, ctx),
        text: {
          format: { type: 'json_schema', name: 'pit_wall_query', schema: PLANNER_JSON_SCHEMA, strict: true },
        },
      });
      const outcome = planFromModel(textOf(response), question, ctx);
      return { ...outcome, usage: usageOf(o.model, [tokensOf(response)], o.prices) };
    },

    async narrate(input: NarrateInput) {
      const history: ResponseInputItem[] = [{ role: 'user', content: narratorInput(input) }];
      const calls: Tokens[] = [];
      let delivered = false;
      for (let round = 0; round < maxRounds; round++) {
        const response = await create({
          model: o.model,
          instructions: NARRATOR_PROMPT,
          input: history,
          tools: [{ type: 'function', ...FACTS_TOOL, strict: true }],
          // The first turn must fetch the facts, so no narrative is ever written without them.
          tool_choice: delivered ? 'auto' : 'required',
        });
        calls.push(tokensOf(response));
        const toolCalls = response.output.flatMap((item) => FunctionCall.safeParse(item).data ?? []);
        if (toolCalls.length === 0) {
          const answer = textOf(response).trim();
          if (!delivered) throw new InvalidModelOutput('the model answered without fetching the facts');
          if (!answer) throw new InvalidModelOutput('the model returned an empty narrative');
          return { answer, usage: usageOf(o.model, calls, o.prices) };
        }
        // Stateless continuation: the model's own items go back verbatim, each call followed by its output.
        history.push(...(response.output as unknown as ResponseInputItem[]));
        for (const call of toolCalls) {
          const known = call.name === FACTS_TOOL.name;
          delivered ||= known;
          const output = known
            ? factsPayload(input)
            : JSON.stringify({ error: `no tool named ${call.name}` });
          history.push({ type: 'function_call_output', call_id: call.call_id, output });
        }
      }
      throw new InvalidModelOutput(`no narrative after ${maxRounds} model turns`);
    },
  };
}
