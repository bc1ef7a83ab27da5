import type { FleetDb } from '../db/fleet-db.ts';
import type { AccessClaims } from './access-token.ts';

/** NOTIFY channel of migration 041: the payload is the revoked key. */
export const revocationChannel = 'access_revoked';

/** The keys a token answers to (migration 041 lists what writes each). */
export function revocationKeys(claims: Pick<AccessClaims, 'sub' | 'tid' | 'sid' | 'sup'>): string[] {
  const keys = [`member:${claims.sub}:${claims.tid}`, `tenant:${claims.tid}`];
  if (claims.sid) keys.push(`session:${claims.sid}`);
  // A revoked support grant (migration 106's trigger) ends its sessions' tokens at once.
  if (claims.sup) keys.push(`support:${claims.sup.g}`);
  return keys;
}

export interface RevocationOptions {
  /** Access-token lifetime: older revocations cannot concern a live token and are dropped. */
  tokenTtlMs: number;
  /** Re-read the table this often, in case a notification was missed (listener reconnecting). */
  pollMs?: number;
  log?: (message: string, error: unknown) => void;
}

/**
 * Which access tokens stopped counting before they expire, held in memory so the check costs
 * no query per request (`isRevoked`: three map lookups). Filled from access_revocations at start,
 * kept current by NOTIFY (every instance, < 1 s), by `catchUp()` after a change made through
 * this instance (so its very next request sees it), and by a poll as a backstop.
 */
export class AccessRevocations {
  private readonly notBefore = new Map<string, number>();
  private readonly listeners = new Set<(key: string) => void>();
  private readonly db: FleetDb;
  private readonly options: RevocationOptions;
  private listener: { close(): Promise<void> } | null = null;
  private poll: NodeJS.Timeout | null = null;
  private prune: NodeJS.Timeout | null = null;

  constructor(db: FleetDb, options: RevocationOptions) {
    this.db = db;
    this.options = options;
  }

  async start(): Promise<void> {
    this.listener = await this.db.listen(
      revocationChannel,
      () => void this.catchUp().catch((error: unknown) => this.options.log?.('reading access revocations failed', error)),
      (error) => this.options.log?.('access revocation listener failed; revocations reach this instance by polling', error),
    );
    await this.catchUp();
    this.poll = setInterval(() => void this.catchUp().catch((error: unknown) => this.options.log?.('reading access revocations failed', error)), this.options.pollMs ?? 2000);
    this.poll.unref();
    // Rows older than a token's lifetime concern no live token (any instance may delete them).
    this.prune = setInterval(
      () => void this.db.query("DELETE FROM access_revocations WHERE not_before < now() - make_interval(secs => $1) - interval '1 minute'", [this.options.tokenTtlMs / 1000])
        .catch((error: unknown) => this.options.log?.('pruning access revocations failed', error)),
      10 * 60_000,
    );
    this.prune.unref();
  }

  async close(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    if (this.prune) clearInterval(this.prune);
    this.poll = null;
    this.prune = null;
    await this.listener?.close();
    this.listener = null;
  }

  /** Reads every revocation still relevant and drops the ones that no longer are. */
  async catchUp(): Promise<void> {
    const ttlSeconds = this.options.tokenTtlMs / 1000;
    const rows = await this.db.query<{ key: string; ms: number }>(
      `SELECT key, extract(epoch FROM not_before) * 1000 AS ms FROM access_revocations WHERE not_before > now() - make_interval(secs => $1)`,
      [ttlSeconds],
    );
    for (const row of rows.rows) this.apply(row.key, Number(row.ms));
    const horizon = Date.now() - this.options.tokenTtlMs - 60_000;
    for (const [key, at] of this.notBefore) if (at < horizon) this.notBefore.delete(key);
  }

  /** Records that tokens of `key` issued before `atMs` are revoked, and tells the listeners. */
  apply(key: string, atMs: number): void {
    const known = this.notBefore.get(key);
    if (known !== undefined && known >= atMs) return;
    this.notBefore.set(key, atMs);
    for (const listener of this.listeners) listener(key);
  }

  /** Whether a token with these claims was revoked after it was issued. */
  isRevoked(claims: Pick<AccessClaims, 'sub' | 'tid' | 'sid' | 'sup' | 'iat'>): boolean {
    const issuedMs = claims.iat * 1000;
    for (const key of revocationKeys(claims)) {
      const at = this.notBefore.get(key);
      if (at !== undefined && issuedMs < at) return true;
    }
    return false;
  }

  /** Calls `listener` with each newly revoked key (the live stream closes affected sockets). */
  onRevoked(listener: (key: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
