import type { FleetDb } from '../db/fleet-db.ts';

/** One event as read from stream_events, parsed once and shared by every session. */
export interface StreamEvent {
  seq: number;
  body: { type: 'positions' | 'deviceStatus' | 'alert' } & Record<string, unknown>;
}

export interface FeedListener {
  onEvent(event: StreamEvent): void;
}

/**
 * The ring is bounded by what it holds, not by event count: one positions event carries a
 * whole flush (hundreds to thousands of fixes), so 5,000 events once held ~600,000 positions
 * (~200 MB at 10,000 devices × 1 Hz, measured by bench:ingest). 50,000 items are a few seconds of
 * a large fleet and minutes of a small one; older resumes read the database.
 */
const defaultRingItems = 50_000;
const fetchPage = 500;

/** What an event costs in the ring: its positions, or 1. */
function weightOf(event: StreamEvent): number {
  const positions = event.body.positions;
  return Array.isArray(positions) ? Math.max(1, positions.length) : 1;
}

/**
 * A tenant's events on this instance: a reader that follows stream_events in seq order when
 * notified (by this or any other instance), a ring of recent events for cheap resumes, and
 * the sessions to hand each event to. Exists only while the tenant has sessions here.
 */
export class TenantFeed {
  readonly tenantId: string;
  readonly listeners = new Set<FeedListener>();
  readonly ring: StreamEvent[] = [];
  private ringWeight = 0;
  /** Newest seq read (and delivered). */
  head = 0;
  private target = 0;
  private pumping: Promise<void> | null = null;
  private readonly db: FleetDb;
  private readonly onError: (error: unknown) => void;
  private readonly ringItems: number;

  constructor(db: FleetDb, tenantId: string, onError: (error: unknown) => void, options: { ringItems?: number } = {}) {
    this.db = db;
    this.tenantId = tenantId;
    this.onError = onError;
    this.ringItems = options.ringItems ?? defaultRingItems;
  }

  async init(): Promise<void> {
    this.head = await this.newestSeq();
    this.target = this.head;
  }

  /**
   * After the LISTEN connection was lost (database restart), notifications sent meanwhile
   * never arrive: read up to the tenant's newest seq as if notified.
   */
  async catchUp(): Promise<void> {
    this.notify(await this.newestSeq());
  }

  private async newestSeq(): Promise<number> {
    const result = await this.db.withTenant(this.tenantId, (db) => db.query<{ seq: string }>('SELECT seq::text FROM stream_sequences'));
    return Number(result.rows[0]?.seq ?? 0);
  }

  notify(seq: number): void {
    if (seq <= this.target) return;
    this.target = seq;
    this.startPump();
  }

  private startPump(): void {
    if (this.pumping) return;
    this.pumping = this.pump().then((ok) => {
      this.pumping = null;
      // A notify that arrived while the last read was finishing: go again (not after an error,
      // which would spin; the next notify retries).
      if (ok && this.target > this.head) this.startPump();
    });
  }

  /** Reads stored events after `from`, up to `to` (inclusive). */
  async read(from: number, to: number): Promise<StreamEvent[]> {
    // ORDER BY the column, not the seq::text output alias (text order puts 10 before 9).
    const result = await this.db.withTenant(this.tenantId, (db) =>
      db.query<{ seq: string; body: string }>('SELECT seq::text, body FROM stream_events WHERE seq > $1 AND seq <= $2 ORDER BY stream_events.seq LIMIT $3', [from, to, fetchPage]),
    );
    return result.rows.map((r) => ({ seq: Number(r.seq), body: JSON.parse(r.body) as StreamEvent['body'] }));
  }

  private async pump(): Promise<boolean> {
    try {
      while (this.head < this.target) {
        const events = await this.read(this.head, this.target);
        if (events.length === 0) break;
        for (const event of events) {
          this.head = event.seq;
          this.ring.push(event);
          this.ringWeight += weightOf(event);
          for (const listener of this.listeners) listener.onEvent(event);
        }
        let drop = 0;
        while (this.ringWeight > this.ringItems && drop < this.ring.length - 1) this.ringWeight -= weightOf(this.ring[drop++] as StreamEvent);
        if (drop > 0) this.ring.splice(0, drop);
      }
      return true;
    } catch (error) {
      this.onError(error);
      return false;
    }
  }
}
