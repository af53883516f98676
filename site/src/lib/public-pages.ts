/**
 * Pages anyone may open without an account: reading public data (the data explorer, driver pages) and
 * an analysis shared by link. Asking, history, uploads and usage are someone's own and need signing in.
 */
const PUBLIC_PREFIXES = ['/data', '/drivers/', '/shared/'] as const;

/** Whether `pathname` (under the app's `base` path) is a page a signed-out visitor may see. */
export function isPublicPage(pathname: string, base = ''): boolean {
  if (base && !pathname.startsWith(base)) return false;
  const path = pathname.slice(base.length) || '/';
  if (path === '/login') return true;
  return PUBLIC_PREFIXES.some((prefix) =>
    prefix.endsWith('/')
      ? path.startsWith(prefix) && path.length > prefix.length
      : path === prefix || path.startsWith(`${prefix}/`),
  );
}

/** The sign-in page's address that comes back to `here` afterwards. */
export const signInHref = (loginPath: string, here: string) =>
  `${loginPath}?next=${encodeURIComponent(here)}`;
