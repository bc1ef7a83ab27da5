import type { FleetDb } from '../db/fleet-db.ts';

/** One event as read from stream_events, parsed once and shared by every session. */
export interface StreamEvent {
  seq: number;
  body: { type: 'positions' | 'deviceStatus' | 'alert' } & Record<string, unknown>;
}

export interface FeedListener {
  onEvent(event: StreamEvent): void;
}

const ringSize = 5000;
const fetchPage = 500;

/**
 * A tenant's events on this instance: a reader that follows stream_events in seq order when
 * notified (by this or any other instance), a ring of recent events for cheap resumes, and
 * the sessions to hand each event to. Exists only while the tenant has sessions here.
 */
export class TenantFeed {
  readonly tenantId: string;
  readonly listeners = new Set<FeedListener>();
  readonly ring: StreamEvent[] = [];
  /** Newest seq read (and delivered). */
  head = 0;
  private target = 0;
  private pumping: Promise<void> | null = null;
  private readonly db: FleetDb;
  private readonly onError: (error: unknown) => void;

  constructor(db: FleetDb, tenantId: string, onError: (error: unknown) => void) {
    this.db = db;
    this.tenantId = tenantId;
    this.onError = onError;
  }

  async init(): Promise<void> {
    const result = await this.db.withTenant(this.tenantId, (db) => db.query<{ seq: string }>('SELECT seq::text FROM stream_sequences'));
    this.head = Number(result.rows[0]?.seq ?? 0);
    this.target = this.head;
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
          for (const listener of this.listeners) listener.onEvent(event);
        }
        if (this.ring.length > ringSize) this.ring.splice(0, this.ring.length - ringSize);
      }
      return true;
    } catch (error) {
      this.onError(error);
      return false;
    }
  }
}
