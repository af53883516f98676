import { sha256Hex } from './passwords.ts';

/** 24 random bytes: 192 bits, 32 characters of base64url. */
const TOKEN_BYTES = 24;
export const SHARE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A new unguessable share token (the secret part of a shared link). */
export const newShareToken = () => base64url(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES)));

/** What D1 keeps of a token: its SHA-256, so a database read never yields a working link. */
export const shareTokenHash = (token: string) => sha256Hex(token);
