import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordVerifier } from '../profile/profile-store.ts';

/**
 * scrypt parameters for the offline password check (docs/decisions/0080-offline-unlock-and-vault-notice.md): N = 2^17, r = 8,
 * p = 1 uses 128 MiB and about a quarter to half a second of one core per check — the
 * OWASP-recommended minimum for scrypt — so each guess against a stolen profile costs the same.
 */
export interface ScryptParameters {
  N: number;
  r: number;
  p: number;
  keyLength: number;
}

export const defaultScryptParameters: ScryptParameters = { N: 2 ** 17, r: 8, p: 1, keyLength: 32 };

const saltBytes = 16;

/** Derives a verifier for a password that the server has just accepted. Never stores the password. */
export async function createVerifier(password: string, parameters: ScryptParameters = defaultScryptParameters, now: Date = new Date()): Promise<PasswordVerifier> {
  const salt = randomBytes(saltBytes);
  const hash = await derive(password, salt, parameters);
  return { algorithm: 'scrypt', ...parameters, salt: salt.toString('base64'), hash: hash.toString('base64'), createdAt: now.toISOString() };
}

/** True when the password is the one the verifier was derived from. Constant-time comparison. */
export async function checkVerifier(password: string, verifier: PasswordVerifier): Promise<boolean> {
  const expected = Buffer.from(verifier.hash, 'base64');
  if (expected.length !== verifier.keyLength) return false;
  const actual = await derive(password, Buffer.from(verifier.salt, 'base64'), verifier);
  return timingSafeEqual(actual, expected);
}

function derive(password: string, salt: Buffer, { N, r, p, keyLength }: ScryptParameters): Promise<Buffer> {
  // scrypt needs 128 · N · r bytes; Node refuses above maxmem (32 MiB by default).
  const options: ScryptOptions = { N, r, p, maxmem: 2 * 128 * N * r * p + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
