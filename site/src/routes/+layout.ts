import { redirect } from '@sveltejs/kit';
import { readSession } from '#lib/session.ts';
import { resolve } from '$app/paths';
import type { LayoutLoad } from './$types';

// A client-only app: the Worker serves the built shell and every page talks to /api from the browser.
export const ssr = false;
export const prerender = false;

/** Every page but /login needs a token; page loads await this before calling the API. */
export const load: LayoutLoad = ({ url }) => {
  if (!readSession() && url.pathname !== resolve('/login')) {
    redirect(307, `${resolve('/login')}?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
};
