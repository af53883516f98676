import { redirect } from '@sveltejs/kit';
import { isPublicPage } from '#lib/public-pages.ts';
import { readSession } from '#lib/session.ts';
import { resolve } from '$app/paths';
import type { LayoutLoad } from './$types';

// A client-only app: the Worker serves the built shell and every page talks to /api from the browser.
export const ssr = false;
export const prerender = false;

/** Every page but sign-in and the public ones needs a token; page loads await this before calling the API. */
export const load: LayoutLoad = ({ url }) => {
  if (!readSession() && !isPublicPage(url.pathname, resolve('/').slice(0, -1))) {
    redirect(307, `${resolve('/login')}?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
};
