import { ApiError, errorMessage } from '#lib/api.ts';
import { shares } from '#lib/shares.ts';
import type { PageLoad } from './$types';

/** The analysis a shared link opens, read without an account. */
export const load: PageLoad = async ({ params, parent }) => {
  await parent();
  try {
    return { shared: await shares.open(params.token), loadError: null };
  } catch (error) {
    const gone = error instanceof ApiError && error.status === 404;
    return {
      shared: null,
      loadError: gone
        ? 'This link does not open anything: its owner may have stopped sharing it or made a new link.'
        : errorMessage(error),
    };
  }
};
