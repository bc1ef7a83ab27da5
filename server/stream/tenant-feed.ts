import type { FleetDb } from '../db/fleet-db.ts';

/** One event as read from stream_events, parsed once and shared by every session. */
export interface StreamEvent {
  seq: number;
  body: { type: 'positions' | 'deviceStatus' | 'alert' } & Record<string, unknown>;
  /**
   * The body's JSON as stored in stream_events: a session that sees the whole tenant sends it with
   * the seq put in front instead of serialising the event again (once per console per event).
   */
  text?: string;
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
/** Events committed here and not yet delivered, beyond which offers fall back to reading (a stuck pump). */
const maxOffered = 1000;

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
  /** Events this instance committed, by seq, handed over before they are read back (offer). */
  private readonly offered = new Map<number, StreamEvent>();
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

  /**
   * Events this instance just committed (ingest, after COMMIT): delivered in seq order without
   * reading them back from stream_events. Only the next seq in line is taken from here; a gap
   * (another instance's or another lane's commit not seen yet) is read from the database as
   * before, so order and completeness do not depend on offers (decision 0282).
   */
  offer(events: readonly StreamEvent[]): void {
    let newest = 0;
    for (const event of events) {
      newest = Math.max(newest, event.seq);
      if (event.seq > this.head && this.offered.size < maxOffered) this.offered.set(event.seq, event);
    }
    this.notify(newest);
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
    return result.rows.map((r) => ({ seq: Number(r.seq), body: JSON.parse(r.body) as StreamEvent['body'], text: r.body }));
  }

  /** The offered events that continue `head` without a gap, in order. */
  private takeOffered(): StreamEvent[] {
    const events: StreamEvent[] = [];
    for (let next = this.offered.get(this.head + 1); next; next = this.offered.get(next.seq + 1)) {
      this.offered.delete(next.seq);
      events.push(next);
    }
    return events;
  }

  private async pump(): Promise<boolean> {
    try {
      while (this.head < this.target) {
        const events = this.takeOffered();
        if (events.length === 0) events.push(...(await this.read(this.head, this.target)));
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
        if (this.offered.size > 0) for (const seq of this.offered.keys()) if (seq <= this.head) this.offered.delete(seq);
      }
      return true;
    } catch (error) {
      this.onError(error);
      return false;
    }
  }
}
