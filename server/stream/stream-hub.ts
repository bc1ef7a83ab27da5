import type { FleetDb } from '../db/fleet-db.ts';
import { streamChannel } from './stream-log.ts';
import { TenantFeed, type StreamEvent } from './tenant-feed.ts';

/** NOTIFY channel of migration 042: '<tenant>:<device>:<group or empty>'. */
export const deviceGroupChannel = 'device_group_changed';

interface TenantGroups {
  map: Map<string, string | null>;
  /** Changes heard while the map was being read: applied after it, so none is lost. */
  heard: [string, string | null][] | null;
}

/**
 * Per instance: one LISTEN connection for the whole process, one TenantFeed per tenant that
 * has sessions here. Events ingested by any instance reach every instance through
 * NOTIFY fleet_stream → each feed reads the new rows of stream_events. Group-scoped sessions
 * ask `groupOf` for every event: the map is read once per tenant and kept exact by NOTIFY
 * device_group_changed, so a vehicle moving between groups re-scopes open streams at once.
 */
export class StreamHub {
  private readonly feeds = new Map<string, TenantFeed>();
  private readonly starting = new Map<string, Promise<TenantFeed>>();
  private readonly groups = new Map<string, TenantGroups>();
  private readonly loadingGroups = new Map<string, Promise<void>>();
  private listeners: { close(): Promise<void> }[] = [];
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

  /** Open stream sessions per tenant on this instance (metrics). */
  clientsByTenant(): Map<string, number> {
    return new Map([...this.feeds].map(([tenantId, feed]) => [tenantId, feed.listeners.size]));
  }

  async start(): Promise<void> {
    const lost = (error: unknown) => {
      this.log('stream listener lost its connection; reconnecting', error);
      this.reconnectSoon();
    };
    this.listeners.push(
      await this.db.listen(
        streamChannel,
        (payload) => {
          const [tenantId, seq] = payload.split(':');
          if (tenantId) this.feeds.get(tenantId)?.notify(Number(seq));
        },
        lost,
      ),
      await this.db.listen(
        deviceGroupChannel,
        (payload) => {
          const [tenantId = '', deviceId = '', groupId = ''] = payload.split(':');
          this.deviceMoved(tenantId, deviceId, groupId === '' ? null : groupId);
        },
        lost,
      ),
    );
  }

  /**
   * The LISTEN connection died (database restart, network): without it no instance's events
   * would reach this one's consoles again. Reconnect until it works, then let every feed read
   * what it missed meanwhile (decision 0111).
   */
  private reconnectSoon(): void {
    if (this.closed || this.reconnectTimer) return;
    const lost = this.listeners;
    this.listeners = [];
    for (const listener of lost) void listener.close().catch(() => undefined);
    // Group moves announced while we were not listening are unknown: reload each tenant's map.
    this.groups.clear();
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
    const listeners = this.listeners;
    this.listeners = [];
    await Promise.all(listeners.map((l) => l.close()));
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
    if (feed.listeners.size === 0) {
      this.feeds.delete(feed.tenantId);
      this.groups.delete(feed.tenantId);
    }
  }

  /**
   * Events this instance has just committed (ingest): the tenant's feed delivers them without
   * reading them back (decision 0282). Other instances still learn of them through NOTIFY.
   */
  publish(tenantId: string, events: readonly StreamEvent[]): void {
    if (events.length > 0) this.feeds.get(tenantId)?.offer(events);
  }

  /** Reads the tenant's deviceId → group map (under its RLS) unless this instance holds it already. */
  async loadGroups(tenantId: string): Promise<void> {
    if (this.groups.get(tenantId)?.heard === null) return;
    let loading = this.loadingGroups.get(tenantId);
    if (!loading) {
      const entry: TenantGroups = { map: new Map(), heard: [] };
      this.groups.set(tenantId, entry);
      loading = (async () => {
        const rows = await this.db.withTenant(tenantId, (db) => db.query<{ id: string; group_id: string | null }>('SELECT id, group_id FROM devices'));
        for (const r of rows.rows) entry.map.set(r.id, r.group_id);
        for (const [deviceId, groupId] of entry.heard ?? []) entry.map.set(deviceId, groupId);
        entry.heard = null;
      })()
        .catch((error: unknown) => {
          this.groups.delete(tenantId);
          throw error;
        })
        .finally(() => this.loadingGroups.delete(tenantId));
      this.loadingGroups.set(tenantId, loading);
    }
    await loading;
  }

  /** A device's group as this instance knows it now (after loadGroups); undefined = unknown device. */
  groupOf(tenantId: string, deviceId: string): string | null | undefined {
    return this.groups.get(tenantId)?.map.get(deviceId);
  }

  private deviceMoved(tenantId: string, deviceId: string, groupId: string | null): void {
    const entry = this.groups.get(tenantId);
    if (!entry) return;
    if (entry.heard) entry.heard.push([deviceId, groupId]);
    else entry.map.set(deviceId, groupId);
  }
}
