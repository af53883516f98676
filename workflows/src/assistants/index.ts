import {
  type CodeInterpreterInput,
  type CodeInterpreterResult,
  runCodeInterpreter,
} from './code-interpreter.ts';
import type { LlmConfig } from './llm-config.ts';
import { createOpenAICompatibleAssistant } from './openai-chat.ts';
import { createOpenAIClient, createOpenAIResponsesAssistant } from './openai-responses.ts';
import type { Assistant } from './registry.ts';

export type AssistantDeps = { fetch?: typeof fetch; now?: () => number };

/**
 * The language-model assistants the configuration enables (the builtin one is always in the registry):
 * `openai` with an API key, `openai-compatible` with a server URL. Each still checks availability itself.
 */
export function createAssistants(config: LlmConfig, deps: AssistantDeps = {}): Assistant[] {
  const assistants: Assistant[] = [];
  if (config.openai) {
    assistants.push(createOpenAIResponsesAssistant({ ...config.openai, prices: config.prices, ...deps }));
  }
  if (config.compat) {
    assistants.push(createOpenAICompatibleAssistant({ ...config.compat, prices: config.prices, ...deps }));
  }
  return assistants;
}

/** Code-interpreter mode, when an OpenAI key is configured (no compatible server offers containers). */
export function createCodeInterpreter(
  config: LlmConfig,
  deps: AssistantDeps = {},
): ((input: CodeInterpreterInput) => Promise<CodeInterpreterResult>) | undefined {
  const openai = config.openai;
  if (!openai) return undefined;
  const client = createOpenAIClient({ ...openai, timeoutMs: openai.codeInterpreterTimeoutMs, ...deps });
  const model = openai.codeInterpreterModel;
  return (input) => runCodeInterpreter(input, { client, model, prices: config.prices, ...deps });
}

export { type LlmConfig, loadLlmConfig } from './llm-config.ts';
export {
  InvalidModelOutput,
  ModelError,
  ModelRateLimited,
  ModelRequestRejected,
  ModelTimeout,
  ModelUnavailable,
  toActivityFailure,
} from './model-errors.ts';
export { costOf, priceTable } from './pricing.ts';
