import { api, errorMessage } from '#lib/api.ts';
import type { PageLoad } from './$types';

/** The analysis as stored now; the page then follows its events until it finishes. */
export const load: PageLoad = async ({ params, parent }) => {
  await parent();
  try {
    return { analysis: await api.getAnalysis(params.id), loadError: null };
  } catch (error) {
    return { analysis: null, loadError: errorMessage(error) };
  }
};
