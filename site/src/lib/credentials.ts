import type { Credentials } from '@pitwall/db/contracts';

const USERNAME = /^[a-z0-9_.-]{3,40}$/;

/** Mirrors the API's rules so most mistakes are caught before a round trip; the API still decides. */
export function validateCredentials(credentials: Credentials, creating: boolean): string | null {
  if (!USERNAME.test(credentials.username)) return 'Usernames are 3–40 characters of a–z, 0–9, _ . -';
  if (credentials.password.length < 10) {
    return creating
      ? 'Choose a password of at least 10 characters.'
      : 'Passwords are at least 10 characters.';
  }
  if (credentials.password.length > 200) return 'Passwords are at most 200 characters.';
  return null;
}
