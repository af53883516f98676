import { api, errorMessage } from '#lib/api.ts';
import type { PageLoad } from './$types';

/** The driver's published bundle (GET /api/data/driver/:id). */
export const load: PageLoad = async ({ params, parent }) => {
  await parent();
  try {
    return { driver: await api.bundle('driver', params.id), loadError: null };
  } catch (error) {
    return { driver: null, loadError: errorMessage(error) };
  }
};
