import { authHeaders, errorMessage, failure } from '#lib/api.ts';
import type { PageLoad } from './$types';

/** GET /api/usage: the signed-in user's daily quotas, analyses by status, and model tokens and cost (USD). */
type Allowance = { used: number; limit: number };

export type UsageView = {
  /** Today's quotas (UTC day) and when they reset. */
  quota: {
    day: string;
    resetsAt: string;
    analyses: Allowance;
    batchItems: Allowance;
    modelTokens: Allowance;
    modelCostUsd: Allowance;
  };
  analyses: { total: number; byStatus: Record<string, number> };
  tokens: { input: number; output: number };
  costUsd: number;
  byModel: {
    assistant: string;
    model: string;
    analyses: number;
    inputTokens: number;
    outputTokens: number;
    costUsd: number;
    modelSeconds: number;
  }[];
};

export const load: PageLoad = async ({ fetch, parent }) => {
  await parent();
  try {
    const response = await fetch('/api/usage', { headers: authHeaders() });
    if (!response.ok) throw await failure(response, true);
    return { usage: (await response.json()) as UsageView, loadError: null };
  } catch (error) {
    return { usage: null, loadError: errorMessage(error) };
  }
};
