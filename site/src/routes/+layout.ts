// A client-only app: the Worker serves the built shell and every page talks to /api from the browser.
export const ssr = false;
export const prerender = false;
