import { api, errorMessage } from '#lib/api.ts';
import type { PageLoad } from './$types';

/** Upload types an analysis can read as its data (the Worker checks again). */
const ANALYSABLE_TYPES = ['laps', 'results'] as const;

/**
 * Recent questions (also mined for autocomplete words), the models on offer and the caller's uploads an
 * analysis can read, fetched side by side. `?upload=up_…` preselects one of those uploads.
 */
export const load: PageLoad = async ({ parent, url }) => {
  await parent();
  const [recent, models, uploads] = await Promise.allSettled([
    api.listAnalyses({ limit: 30 }),
    api.models(),
    api.listUploads(ANALYSABLE_TYPES),
  ]);
  const usable = uploads.status === 'fulfilled' ? uploads.value : [];
  const wanted = url.searchParams.get('upload');
  return {
    recent: recent.status === 'fulfilled' ? recent.value.items : [],
    recentError: recent.status === 'rejected' ? errorMessage(recent.reason) : null,
    // Without the list the picker hides and the server's default model answers.
    models: models.status === 'fulfilled' ? models.value : [],
    // Without the list the data picker hides and questions are about Pit Wall's own data.
    uploads: usable,
    upload: usable.some((u) => u.id === wanted) ? (wanted as string) : '',
  };
};
