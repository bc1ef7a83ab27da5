import type { DbSession } from '../db/fleet-db.ts';

export interface ThrottleSettings {
  windowSeconds: number;
  /** Failures per account (username, whether it exists or not) within the window. */
  maxPerAccount: number;
  /** Failures per client address within the window; higher, since offices share addresses. */
  maxPerAddress: number;
}

export const defaultThrottle: ThrottleSettings = { windowSeconds: 15 * 60, maxPerAccount: 5, maxPerAddress: 30 };

/**
 * Failed sign-ins live in a table so every API instance sees the same count. Counting per
 * account stops guessing one password from many addresses; per address stops one client
 * spraying many accounts. The price: a stranger can lock an account for the window.
 */
export class SignInThrottle {
  readonly #settings: ThrottleSettings;

  constructor(settings: ThrottleSettings) {
    this.#settings = settings;
  }

  /** Seconds until the next attempt is allowed, or 0 when it is allowed now. */
  async retryAfter(db: DbSession, account: string, address: string): Promise<number> {
    const waits = await Promise.all([
      this.#wait(db, 'account', account, this.#settings.maxPerAccount),
      this.#wait(db, 'address', address, this.#settings.maxPerAddress),
    ]);
    return Math.max(...waits);
  }

  async recordFailure(db: DbSession, account: string, address: string): Promise<void> {
    await db.query(
      `WITH expired AS (
         DELETE FROM sign_in_failures WHERE failed_at < now() - make_interval(secs => $3)
       )
       INSERT INTO sign_in_failures (scope, key) VALUES ('account', $1), ('address', $2)`,
      [account, address, this.#settings.windowSeconds],
    );
  }

  /** A successful sign-in forgives the account's failures (not the address's). */
  async clearAccount(db: DbSession, account: string): Promise<void> {
    await db.query("DELETE FROM sign_in_failures WHERE scope = 'account' AND key = $1", [account]);
  }

  async #wait(db: DbSession, scope: string, key: string, max: number): Promise<number> {
    // The max-th newest failure in the window: once it ages out, fewer than `max` remain.
    const result = await db.query<{ wait: number }>(
      `SELECT ceil(extract(epoch FROM failed_at + make_interval(secs => $3) - now()))::int AS wait
         FROM sign_in_failures
        WHERE scope = $1 AND key = $2 AND failed_at > now() - make_interval(secs => $3)
        ORDER BY failed_at DESC OFFSET $4 - 1 LIMIT 1`,
      [scope, key, this.#settings.windowSeconds, max],
    );
    const wait = result.rows[0]?.wait;
    return wait === undefined ? 0 : Math.max(1, wait);
  }
}
