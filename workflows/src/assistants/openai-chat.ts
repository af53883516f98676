import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { z } from 'zod';
import type { PlannerContext } from './builtin-planner.ts';
import { InvalidModelOutput, ModelRequestRejected, modelCall } from './model-errors.ts';
import { createOpenAIClient } from './openai-responses.ts';
import { planFromModel } from './plan-names.ts';
import { PLANNER_JSON_SCHEMA } from './plan-output.ts';
import { type PriceTable, type Tokens, usageOf } from './pricing.ts';
import * as prompts from './prompts.ts';
import type { Assistant, NarrateInput } from './registry.ts';

const ChatShape = z.object({
  choices: z
    .array(
      z.object({
        finish_reason: z.string().nullish(),
        message: z.object({
          content: z.string().nullish(),
          refusal: z.string().nullish(),
          tool_calls: z
            .array(
              z.object({
                id: z.string(),
                function: z.object({ name: z.string(), arguments: z.string().nullish() }),
              }),
            )
            .nullish(),
        }),
      }),
    )
    .min(1),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).nullish(),
});
type Chat = z.infer<typeof ChatShape>;
const ModelList = z.object({ data: z.array(z.object({ id: z.string() })) });

/** Local reasoning models may think aloud inside the content; only what follows is the answer. */
const withoutThinking = (text: string) => text.replace(/<think>[\s\S]*?<\/think>/g, '').trim();

function messageOf(chat: Chat) {
  const [choice] = chat.choices;
  if (!choice) throw new InvalidModelOutput('the server returned no choice');
  if (choice.finish_reason === 'length') throw new InvalidModelOutput('the model ran out of output tokens');
  if (choice.message.refusal) throw new InvalidModelOutput(`the model refused: ${choice.message.refusal}`);
  return choice.message;
}

const tokensOf = (c: Chat): Tokens => ({
  inputTokens: c.usage?.prompt_tokens ?? 0,
  outputTokens: c.usage?.completion_tokens ?? 0,
});

/** A server that does not know `response_format: json_schema` says so with a 400 or 422 naming it. */
const refusesSchemas = (e: unknown) =>
  e instanceof ModelRequestRejected &&
  [400, 422].includes(e.status) &&
  /response_format|json_schema|schema/i.test(e.message);

export type CompatAssistantOptions = {
  baseURL: string;
  model: string;
  apiKey: string;
  timeoutMs: number;
  probeTimeoutMs: number;
  prices: PriceTable;
  fetch?: typeof fetch;
  now?: () => number;
  /** Start with `response_format: json_schema`; switched off for good after the server refuses it. */
  structuredOutputs?: boolean;
  maxRounds?: number;
};

export const AVAILABILITY_TTL_MS = 60_000;

/**
 * The `openai-compatible` assistant: Chat Completions with function tools against any OpenAI-compatible
 * server (Ollama, vLLM, llama.cpp server). Same contract as the `openai` assistant.
 */
export function createOpenAICompatibleAssistant(o: CompatAssistantOptions): Assistant {
  const client = createOpenAIClient(o);
  const fetchFn = o.fetch ?? fetch;
  const now = o.now ?? Date.now;
  const maxRounds = o.maxRounds ?? 4;
  let structured = o.structuredOutputs ?? true;
  let probe: { at: number; ok: Promise<boolean> } | undefined;
  const provider = `the model server at ${o.baseURL}`;
  const create = async (body: ChatCompletionCreateParamsNonStreaming) => {
    const raw = await modelCall(provider, () => client.chat.completions.create(body), now);
    const parsed = ChatShape.safeParse(raw);
    if (!parsed.success) throw new InvalidModelOutput(`unexpected chat completion: ${parsed.error.message}`);
    return parsed.data;
  };

  async function answers(): Promise<boolean> {
    try {
      const res = await fetchFn(`${o.baseURL}/models`, {
        headers: { authorization: `Bearer ${o.apiKey}` },
        signal: AbortSignal.timeout(o.probeTimeoutMs),
      });
      return res.ok && ModelList.safeParse(await res.json()).success;
    } catch {
      return false;
    }
  }

  async function planText(question: string, ctx: PlannerContext): Promise<Chat> {
    const user = { role: 'user' as const, content: prompts.plannerInput(question, ctx) };
    if (structured) {
      try {
        return await create({
          model: o.model,
          messages: [{ role: 'system', content: prompts.PLANNER_PROMPT }, user],
          response_format: {
            type: 'json_schema',
            json_schema: { name: 'pit_wall_query', schema: PLANNER_JSON_SCHEMA, strict: true },
          },
        });
      } catch (error) {
        if (!refusesSchemas(error)) throw error;
        structured = false;
      }
    }
    const system = prompts.jsonOnlyPlannerPrompt(PLANNER_JSON_SCHEMA);
    return create({ model: o.model, messages: [{ role: 'system', content: system }, user] });
  }

  return {
    name: 'openai-compatible',
    model: o.model,
    // The server must answer GET /models quickly; the answer is kept for a minute so listing is cheap.
    available() {
      if (!probe || now() - probe.at >= AVAILABILITY_TTL_MS) probe = { at: now(), ok: answers() };
      return probe.ok;
    },

    async plan(question, ctx) {
      const chat = await planText(question, ctx);
      const outcome = planFromModel(withoutThinking(messageOf(chat).content ?? ''), question, ctx);
      return { ...outcome, usage: usageOf(o.model, [tokensOf(chat)], o.prices) };
    },

    async narrate(input: NarrateInput) {
      const messages: ChatCompletionMessageParam[] = [
        { role: 'system', content: prompts.NARRATOR_PROMPT },
        { role: 'user', content: prompts.narratorInput(input) },
      ];
      const tool = { type: 'function' as const, function: { ...prompts.FACTS_TOOL } };
      const calls: Tokens[] = [];
      let delivered = false;
      for (let round = 0; round < maxRounds; round++) {
        const chat = await create({ model: o.model, messages, tools: [tool] });
        calls.push(tokensOf(chat));
        const message = messageOf(chat);
        const toolCalls = message.tool_calls ?? [];
        if (toolCalls.length === 0 && delivered) {
          const answer = withoutThinking(message.content ?? '');
          if (!answer) throw new InvalidModelOutput('the model returned an empty narrative');
          return { answer, usage: usageOf(o.model, calls, o.prices) };
        }
        // Many local servers ignore tool_choice; a model that answers before asking for the facts is handed
        // them as if it had called the tool, and its fact-free answer is dropped.
        const asked = toolCalls.length
          ? toolCalls
          : [{ id: 'call_get_facts', function: { name: prompts.FACTS_TOOL.name, arguments: '{}' } }];
        messages.push({
          role: 'assistant',
          content: toolCalls.length ? (message.content ?? null) : null,
          tool_calls: asked.map((c) => ({
            id: c.id,
            type: 'function' as const,
            function: { name: c.function.name, arguments: c.function.arguments ?? '{}' },
          })),
        });
        for (const call of asked) {
          const known = call.function.name === prompts.FACTS_TOOL.name;
          delivered ||= known;
          const content = known
            ? prompts.factsPayload(input)
            : JSON.stringify({ error: `no tool named ${call.function.name}` });
          messages.push({ role: 'tool', tool_call_id: call.id, content });
        }
      }
      throw new InvalidModelOutput(`no narrative after ${maxRounds} model turns`);
    },
  };
}
