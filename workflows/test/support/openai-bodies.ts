import { randomUUID } from 'node:crypto';
import type { Reply } from './scripted-openai.ts';

/** Builders for the bodies the real OpenAI API returns, trimmed to the fields clients read. */

type Tokens = { input: number; output: number };
const usageBlock = (u: Tokens) => ({
  input_tokens: u.input,
  input_tokens_details: { cached_tokens: 0 },
  output_tokens: u.output,
  output_tokens_details: { reasoning_tokens: 0 },
  total_tokens: u.input + u.output,
});

/** A completed Responses API answer with these output items. */
export function response(
  output: unknown[],
  usage: Tokens = { input: 100, output: 20 },
  extra: object = {},
): Reply {
  const json = {
    id: `resp_${randomUUID().slice(0, 8)}`,
    object: 'response',
    created_at: 1,
    status: 'completed',
    model: 'scripted',
    output,
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: [],
    usage: usageBlock(usage),
    ...extra,
  };
  return { json };
}

export const message = (text: string, annotations: unknown[] = []) => ({
  type: 'message',
  id: `msg_${randomUUID().slice(0, 8)}`,
  role: 'assistant',
  status: 'completed',
  content: [{ type: 'output_text', text, annotations }],
});

export const functionCall = (name: string, args: object, callId: string) => ({
  type: 'function_call',
  id: `fc_${callId}`,
  call_id: callId,
  name,
  arguments: JSON.stringify(args),
  status: 'completed',
});

export type ChatReply = {
  content?: string | null;
  toolCalls?: { id: string; name: string; args: object }[];
  usage?: Tokens;
  finishReason?: string;
};

/** A Chat Completions answer: text, or tool calls. */
export function chat({
  content = null,
  toolCalls,
  usage = { input: 50, output: 10 },
  finishReason,
}: ChatReply): Reply {
  const tool_calls = toolCalls?.map((c) => ({
    id: c.id,
    type: 'function',
    function: { name: c.name, arguments: JSON.stringify(c.args) },
  }));
  const json = {
    id: `chatcmpl-${randomUUID().slice(0, 8)}`,
    object: 'chat.completion',
    created: 1,
    model: 'scripted',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, ...(tool_calls ? { tool_calls } : {}) },
        finish_reason: finishReason ?? (tool_calls ? 'tool_calls' : 'stop'),
      },
    ],
    usage: {
      prompt_tokens: usage.input,
      completion_tokens: usage.output,
      total_tokens: usage.input + usage.output,
    },
  };
  return { json };
}

/** An error in the API's envelope. */
export const apiError = (
  status: number,
  message: string,
  headers?: Record<string, string>,
  code?: string,
): Reply => ({
  status,
  headers,
  json: {
    error: {
      message,
      type: status === 429 ? 'rate_limit_error' : 'invalid_request_error',
      code: code ?? null,
    },
  },
});
