import { api, errorMessage } from '#lib/api.ts';
import type { PageLoad } from './$types';

/** The batch as it stands; the page polls for the rest. */
export const load: PageLoad = async ({ params, parent }) => {
  await parent();
  try {
    return { batch: await api.getBatch(params.id), loadError: null };
  } catch (error) {
    return { batch: null, loadError: errorMessage(error) };
  }
};
