import { BridgeError } from '../../../contract/bridge/bridge-error.ts';
import { unlockAttemptsBeforePause } from '../../../contract/bridge/session.ts';
import type { PasswordVerifier, Profile, ProfileStore, UnlockThrottle } from '../profile/profile-store.ts';
import { checkVerifier, createVerifier, defaultScryptParameters, type ScryptParameters } from './password-verifier.ts';

/** The first pause after `unlockAttemptsBeforePause` wrong passwords; doubles with each further one. */
const firstPauseMs = 30_000;
const longestPauseMs = 15 * 60_000;

/** The throttle after one more wrong password: free attempts first, then a doubling pause. */
export function afterFailure(previous: UnlockThrottle | undefined, now: number): UnlockThrottle {
  const failures = (previous?.failures ?? 0) + 1;
  const over = failures - unlockAttemptsBeforePause;
  return { failures, blockedUntil: over >= 0 ? now + Math.min(longestPauseMs, firstPauseMs * 2 ** over) : 0 };
}

export interface OfflineUnlockDeps {
  profile?: ProfileStore;
  now: () => number;
  scrypt?: ScryptParameters;
}

/**
 * The offline password check (docs/decisions/0080-offline-unlock-and-vault-notice.md): a verifier derived at each online sign-in
 * and kept in profile.json, checked locally when the server cannot be reached, with wrong
 * attempts throttled (kept on disk, so quitting the console does not reset the pause). Holds an
 * in-memory copy of both so the session state can be built without reading the file.
 */
export class OfflineUnlock {
  readonly #d: OfflineUnlockDeps;
  #verifiers = new Map<string, PasswordVerifier>();
  #throttles = new Map<string, UnlockThrottle>();
  /** Derivations and removals in flight; sign-out and close wait for them. */
  #pending: Promise<unknown> = Promise.resolve();
  /** Checks run one at a time: parallel guesses must not slip past the count. */
  #checks: Promise<unknown> = Promise.resolve();

  constructor(deps: OfflineUnlockDeps) {
    this.#d = deps;
  }

  load(profile: Profile): void {
    this.#verifiers = new Map(Object.entries(profile.verifiers));
    this.#throttles = new Map(Object.entries(profile.unlockThrottle));
  }

  has(accountId: string): boolean {
    return this.#verifiers.has(accountId);
  }

  throttle(accountId: string): { failedAttempts: number; retryAfter: string | null } {
    const t = this.#throttles.get(accountId);
    const blocked = t && t.blockedUntil > this.#d.now() ? new Date(t.blockedUntil).toISOString() : null;
    return { failedAttempts: t?.failures ?? 0, retryAfter: blocked };
  }

  /** After the server accepted this password (sign-in, password change): derive and keep its verifier. */
  remember(accountId: string, password: string): Promise<void> {
    const job = this.#pending.then(async () => {
      const verifier = await createVerifier(password, this.#d.scrypt ?? defaultScryptParameters, new Date(this.#d.now()));
      this.#verifiers.set(accountId, verifier);
      this.#throttles.delete(accountId);
      await this.#save((p) => {
        p.verifiers[accountId] = verifier;
        Reflect.deleteProperty(p.unlockThrottle, accountId);
      });
    });
    this.#pending = job.catch((error: unknown) => console.error('[engine] could not keep the offline password check:', error));
    return job;
  }

  forget(accountId: string): Promise<void> {
    const job = this.#pending.then(async () => {
      this.#verifiers.delete(accountId);
      this.#throttles.delete(accountId);
      await this.#save((p) => {
        Reflect.deleteProperty(p.verifiers, accountId);
        Reflect.deleteProperty(p.unlockThrottle, accountId);
      });
    });
    this.#pending = job.catch((error: unknown) => console.error('[engine] could not remove the offline password check:', error));
    return job;
  }

  /** Resolves once every derivation and removal started so far is on disk. */
  async settled(): Promise<void> {
    await this.#pending;
  }

  /** Throws `throttled` while paused, `wrong-credentials` for a wrong password; resolves when it matches. */
  check(accountId: string, password: string): Promise<void> {
    const run = this.#checks.then(() => this.#check(accountId, password));
    this.#checks = run.catch(() => undefined);
    return run;
  }

  async #check(accountId: string, password: string): Promise<void> {
    await this.#pending;
    const verifier = this.#verifiers.get(accountId);
    if (!verifier) throw new BridgeError('not-found', 'This account has no offline data to review on this computer. Sign in when the server is reachable.', 'accountId');
    const { retryAfter } = this.throttle(accountId);
    if (retryAfter) throw new BridgeError('throttled', `Too many wrong passwords. Try again after ${retryAfter}.`, 'password');
    if (await checkVerifier(password, verifier)) {
      if (this.#throttles.delete(accountId)) await this.#save((p) => Reflect.deleteProperty(p.unlockThrottle, accountId));
      return;
    }
    const next = afterFailure(this.#throttles.get(accountId), this.#d.now());
    this.#throttles.set(accountId, next);
    await this.#save((p) => {
      p.unlockThrottle[accountId] = next;
    });
    throw new BridgeError('wrong-credentials', 'Wrong password for the offline data of this account.', 'password');
  }

  async #save(change: (profile: Profile) => void): Promise<void> {
    await this.#d.profile?.update(change);
  }
}
