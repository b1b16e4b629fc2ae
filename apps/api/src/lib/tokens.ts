/** Random secrets and their SHA-256 digests: what the database stores instead of the secret. */
import { createHash, randomBytes } from 'node:crypto';

/** A random URL-safe secret with a prefix saying what it is (`csc_pat_…` for API tokens). */
export function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** The SHA-256 of a secret, hex. */
export function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A random id for rows (users, tokens). */
export function newId(): string {
  return randomBytes(12).toString('base64url');
}
