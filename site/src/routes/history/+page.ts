import type { AnalysisStatus } from '@pitwall/db/contracts';
import { api, errorMessage } from '#lib/api.ts';
import { STATUS_LABELS } from '#lib/format.ts';
import { PAGE_SIZE } from '#lib/history.ts';
import type { PageLoad } from './$types';

/** The first page of history; the status filter lives in the URL (`?status=`) so it can be shared. */
export const load: PageLoad = async ({ url, parent }) => {
  await parent();
  // The status list is read from the labels, not the zod schema, to keep zod out of the page's bundle.
  const asked = url.searchParams.get('status') ?? '';
  const status = Object.hasOwn(STATUS_LABELS, asked) ? (asked as AnalysisStatus) : undefined;
  try {
    const first = await api.listAnalyses({ limit: PAGE_SIZE, status });
    return { status, items: first.items, nextCursor: first.nextCursor, loadError: null };
  } catch (error) {
    return { status, items: [], nextCursor: null, loadError: errorMessage(error) };
  }
};
