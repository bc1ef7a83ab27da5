import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Membership } from '../../../contract/api/auth.ts';
import { isDeskBehaviour, type DeskAlertBehaviour } from '../../../contract/bridge/desk-alerts.ts';
import type { AccountIdentity } from '../../../contract/bridge/session.ts';

/** One account as remembered between runs. No token: those live in the vault only. */
export interface ProfileAccount {
  account: AccountIdentity;
  /** The user's id on that server (offline actions are attributed to it). */
  userId: string;
  memberships: Membership[];
}

/**
 * Checks a password offline without storing it: scrypt of the password with a random per-account
 * salt (session/password-verifier.ts, docs/decisions/0080-offline-unlock-and-vault-notice.md). The parameters are stored with it so
 * a later version can raise them (re-derived at the next online sign-in).
 */
export interface PasswordVerifier {
  algorithm: 'scrypt';
  /** CPU/memory cost (a power of two), block size, parallelism, derived key length in bytes. */
  N: number;
  r: number;
  p: number;
  keyLength: number;
  /** base64 */
  salt: string;
  /** base64 of the derived key */
  hash: string;
  /** ISO time of the online sign-in it was derived at. */
  createdAt: string;
}

/** Wrong offline-unlock passwords in a row, kept on disk so a restart does not reset the pause. */
export interface UnlockThrottle {
  failures: number;
  /** Epoch ms before which no attempt is checked; 0 when not paused. */
  blockedUntil: number;
}

/** The non-secret profile file: who was signed in, where they were, and cache preferences. */
export interface Profile {
  version: 1;
  accounts: ProfileAccount[];
  lastWorkspaceId: string | null;
  /** Offline password verifiers by account id, from each account's last online sign-in. */
  verifiers: Record<string, PasswordVerifier>;
  /** Offline-unlock throttling by account id. */
  unlockThrottle: Record<string, UnlockThrottle>;
  /** Offline cache size limit in bytes, across all workspaces. */
  cacheLimitBytes: number;
  /** How many days of trips (with full tracks) to keep offline. */
  tripWindowDays: number;
  /** What new alerts do on this desk, per person (account id) and severity. Absent: the defaults. */
  deskAlerts: Record<string, DeskAlertBehaviour>;
}

export const defaultProfile = (): Profile => ({
  version: 1,
  accounts: [],
  lastWorkspaceId: null,
  verifiers: {},
  unlockThrottle: {},
  cacheLimitBytes: 1024 * 1024 * 1024,
  tripWindowDays: 7,
  deskAlerts: {},
});

export const profileFileName = 'profile.json';

/**
 * Reads and writes `<profileDir>/profile.json`. Writes are atomic (temp file + rename) and
 * serialised, so a crash leaves the previous profile and concurrent saves keep the last one.
 */
export class ProfileStore {
  readonly dir: string;
  readonly #file: string;
  #writes: Promise<unknown> = Promise.resolve();

  constructor(profileDir: string) {
    this.dir = profileDir;
    this.#file = join(profileDir, profileFileName);
  }

  async load(): Promise<Profile> {
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return defaultProfile();
      throw error;
    }
    return parseProfile(text);
  }

  save(profile: Profile): Promise<void> {
    return this.#serialised(() => this.#write(profile));
  }

  /**
   * Read-modify-write as ONE queued job: two updates started together (the session saving the
   * active workspace while the cache saves its limit) must not both read the old file and let
   * the second write undo the first.
   */
  update(change: (profile: Profile) => void): Promise<Profile> {
    return this.#serialised(async () => {
      const profile = await this.load();
      change(profile);
      await this.#write(profile);
      return profile;
    });
  }

  /** Resolves once every write queued so far is on disk. */
  async flush(): Promise<void> {
    await this.#writes;
  }

  #serialised<T>(job: () => Promise<T>): Promise<T> {
    const result = this.#writes.then(job);
    this.#writes = result.catch(() => undefined);
    return result;
  }

  async #write(profile: Profile): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const temp = `${this.#file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(profile, null, 2), { mode: 0o600 });
    await rename(temp, this.#file);
  }
}

/** A damaged or foreign profile is replaced by defaults: the user signs in again, nothing worse. */
function parseProfile(text: string): Profile {
  const fallback = defaultProfile();
  let raw: Partial<Profile>;
  try {
    raw = JSON.parse(text) as Partial<Profile>;
  } catch {
    return fallback;
  }
  if (raw.version !== 1 || !Array.isArray(raw.accounts)) return fallback;
  return {
    version: 1,
    accounts: raw.accounts.filter((a) => typeof a?.account?.accountId === 'string' && typeof a.userId === 'string' && Array.isArray(a.memberships)),
    lastWorkspaceId: typeof raw.lastWorkspaceId === 'string' ? raw.lastWorkspaceId : null,
    verifiers: recordOf(raw.verifiers, isVerifier),
    unlockThrottle: recordOf(raw.unlockThrottle, isThrottle),
    cacheLimitBytes: typeof raw.cacheLimitBytes === 'number' && raw.cacheLimitBytes > 0 ? raw.cacheLimitBytes : fallback.cacheLimitBytes,
    tripWindowDays: typeof raw.tripWindowDays === 'number' && raw.tripWindowDays > 0 ? raw.tripWindowDays : fallback.tripWindowDays,
    deskAlerts: recordOf(raw.deskAlerts, isDeskBehaviour),
  };
}

/** Keeps the well-formed entries of a keyed object; anything else is dropped (never trusted). */
function recordOf<T>(value: unknown, valid: (entry: unknown) => entry is T): Record<string, T> {
  const out: Record<string, T> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, entry] of Object.entries(value)) if (valid(entry)) out[key] = entry;
  return out;
}

function isVerifier(v: unknown): v is PasswordVerifier {
  const x = v as Partial<PasswordVerifier> | null;
  return typeof x === 'object' && x !== null && x.algorithm === 'scrypt' && [x.N, x.r, x.p, x.keyLength].every((n) => Number.isInteger(n) && (n as number) > 0)
    && typeof x.salt === 'string' && typeof x.hash === 'string' && typeof x.createdAt === 'string';
}

function isThrottle(v: unknown): v is UnlockThrottle {
  const x = v as Partial<UnlockThrottle> | null;
  return typeof x === 'object' && x !== null && Number.isInteger(x.failures) && (x.failures as number) >= 0 && typeof x.blockedUntil === 'number';
}
