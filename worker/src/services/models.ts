import { z } from 'zod';

/**
 * The assistants an analysis may ask for (`model` in POST /api/analyze). The edge lists what it knows is
 * deployable; the compute plane adds entries here as it gains assistants.
 */
export type ModelInfo = { id: string; name: string; description: string; available: boolean };

export const MODELS: readonly ModelInfo[] = [
  {
    id: 'builtin',
    name: 'Built-in planner',
    description: 'Rule-based planning and templated narration; no language model, no cost.',
    available: true,
  },
];

/** Where the compute plane's list of assistants is kept (R2), and its shape. */
export const MODELS_KEY = 'system/models.json';
export const PublishedModelsSchema = z.object({
  items: z
    .array(z.object({ id: z.string().min(1).max(60), model: z.string().max(120), available: z.boolean() }))
    .max(20),
});

const DESCRIPTIONS: Record<string, { name: string; description: string }> = {
  openai: {
    name: 'OpenAI',
    description: 'Plans with structured outputs and narrates from our facts via tool calls.',
  },
  'openai-compatible': {
    name: 'OpenAI-compatible server',
    description: 'A local or hosted model behind the Chat Completions API (Ollama, vLLM, llama.cpp).',
  },
};

/** The builtin entry plus whatever the compute plane last published; builtin is always there. */
export async function listModels(bucket: R2Bucket): Promise<ModelInfo[]> {
  const object = await bucket.get(MODELS_KEY);
  const published = object ? PublishedModelsSchema.safeParse(await object.json()) : undefined;
  const extra = (published?.success ? published.data.items : [])
    .filter((m) => m.id !== 'builtin')
    .map((m) => ({
      id: m.id,
      name: DESCRIPTIONS[m.id]?.name ?? m.id,
      description: `${DESCRIPTIONS[m.id]?.description ?? 'A language-model assistant.'} Model: ${m.model}.`,
      available: m.available,
    }));
  return [...MODELS, ...extra];
}
