import type { FleetDb } from '../db/fleet-db.ts';
import { streamChannel } from './stream-log.ts';
import { TenantFeed } from './tenant-feed.ts';

const groupsTtlMs = 30_000;

/**
 * Per instance: one LISTEN connection for the whole process, one TenantFeed per tenant that
 * has sessions here. Events ingested by any instance reach every instance through
 * NOTIFY fleet_stream → each feed reads the new rows of stream_events.
 */
export class StreamHub {
  private readonly feeds = new Map<string, TenantFeed>();
  private readonly starting = new Map<string, Promise<TenantFeed>>();
  private readonly groups = new Map<string, { at: number; map: Map<string, string | null> }>();
  private listener: { close(): Promise<void> } | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly db: FleetDb;
  private readonly log: (message: string, error: unknown) => void;
  private readonly reconnectMs: number;

  constructor(db: FleetDb, log: (message: string, error: unknown) => void, options: { reconnectMs?: number } = {}) {
    this.db = db;
    this.log = log;
    this.reconnectMs = options.reconnectMs ?? 1000;
  }

  async start(): Promise<void> {
    this.listener = await this.db.listen(
      streamChannel,
      (payload) => {
        const [tenantId, seq] = payload.split(':');
        if (tenantId) this.feeds.get(tenantId)?.notify(Number(seq));
      },
      (error) => {
        this.log('stream listener lost its connection; reconnecting', error);
        this.reconnectSoon();
      },
    );
  }

  /**
   * The LISTEN connection died (database restart, network): without it no instance's events
   * would reach this one's consoles again. Reconnect until it works, then let every feed read
   * what it missed meanwhile (decision 0111).
   */
  private reconnectSoon(): void {
    if (this.closed || this.reconnectTimer) return;
    const lost = this.listener;
    this.listener = null;
    void lost?.close().catch(() => undefined);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.start().then(
        () => Promise.all([...this.feeds.values()].map((feed) => feed.catchUp())),
        () => this.reconnectSoon(),
      ).catch((error: unknown) => this.log('stream feeds could not catch up after reconnecting', error));
    }, this.reconnectMs);
    this.reconnectTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    await this.listener?.close();
    this.listener = null;
  }

  /** The tenant's feed, created (and positioned at the tenant's newest seq) on first use. */
  async feed(tenantId: string): Promise<TenantFeed> {
    const existing = this.feeds.get(tenantId);
    if (existing) return existing;
    let pending = this.starting.get(tenantId);
    if (!pending) {
      pending = (async () => {
        const feed = new TenantFeed(this.db, tenantId, (error) => this.log('stream feed failed', error));
        await feed.init();
        this.feeds.set(tenantId, feed);
        return feed;
      })().finally(() => this.starting.delete(tenantId));
      this.starting.set(tenantId, pending);
    }
    return pending;
  }

  release(feed: TenantFeed): void {
    if (feed.listeners.size === 0) this.feeds.delete(feed.tenantId);
  }

  /** deviceId → group for scope filtering, read under the tenant's RLS and cached briefly. */
  async deviceGroups(tenantId: string): Promise<Map<string, string | null>> {
    const hit = this.groups.get(tenantId);
    if (hit && Date.now() - hit.at < groupsTtlMs) return hit.map;
    const rows = await this.db.withTenant(tenantId, (db) => db.query<{ id: string; group_id: string | null }>('SELECT id, group_id FROM devices'));
    const map = new Map(rows.rows.map((r) => [r.id, r.group_id]));
    this.groups.set(tenantId, { at: Date.now(), map });
    return map;
  }
}
