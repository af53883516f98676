import { api, errorMessage } from '#lib/api.ts';
import type { PageLoad } from './$types';

/** Recent questions (also mined for autocomplete words) and the models on offer, fetched side by side. */
export const load: PageLoad = async ({ parent }) => {
  await parent();
  const [recent, models] = await Promise.allSettled([api.listAnalyses({ limit: 30 }), api.models()]);
  return {
    recent: recent.status === 'fulfilled' ? recent.value.items : [],
    recentError: recent.status === 'rejected' ? errorMessage(recent.reason) : null,
    // Without the list the picker hides and the server's default model answers.
    models: models.status === 'fulfilled' ? models.value : [],
  };
};
