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
