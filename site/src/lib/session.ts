export interface SessionUser {
  id: string;
  username: string;
}

export interface Session {
  token: string;
  user: SessionUser;
}

const TOKEN_KEY = 'pitwall.token';
const USER_KEY = 'pitwall.user';

type Listener = (session: Session | null) => void;
const listeners = new Set<Listener>();

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Storage can throw when cookies are blocked; the app then behaves as signed out.
    return null;
  }
}

export function readSession(): Session | null {
  const store = storage();
  const token = store?.getItem(TOKEN_KEY);
  const rawUser = store?.getItem(USER_KEY);
  if (!token || !rawUser) return null;
  try {
    const user = JSON.parse(rawUser) as SessionUser;
    return typeof user?.username === 'string' ? { token, user } : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  const store = storage();
  store?.setItem(TOKEN_KEY, session.token);
  store?.setItem(USER_KEY, JSON.stringify(session.user));
  for (const listener of listeners) listener(session);
}

export function clearSession(): void {
  const store = storage();
  store?.removeItem(TOKEN_KEY);
  store?.removeItem(USER_KEY);
  for (const listener of listeners) listener(null);
}

/** Lets the UI react when a request discovers the token has expired. */
export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
