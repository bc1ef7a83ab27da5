import type { WebSocket } from 'ws';
import type { LivePosition, ServerMessage } from '../../contract/stream/messages.ts';
import type { FeedListener, StreamEvent, TenantFeed } from './tenant-feed.ts';

/** Above this many bytes waiting in the socket, positions are coalesced (latest per device). */
const backlogBytes = 512 * 1024;
/** Non-position events queued for a stalled client before we give up and ask for a resync. */
const maxQueuedEvents = 2000;

/**
 * One console's socket. Delivers the tenant feed's events in seq order, filtered to the
 * session's groups; replays from a resume point; coalesces positions when the client is slow.
 */
export class StreamSession implements FeedListener {
  /** Last seq handed to the client (or skipped as out of scope). */
  cursor: number;
  private replaying = false;
  private stalled = false;
  private readonly queued: StreamEvent[] = [];
  private readonly latest = new Map<string, LivePosition>();
  private latestSeq = 0;
  private drainTimer: NodeJS.Timeout | null = null;
  private readonly socket: WebSocket;
  private readonly feed: TenantFeed;
  /** null: the session sees every device of the tenant (no group scope). */
  private readonly scope: ((deviceId: string) => boolean) | null;

  constructor(socket: WebSocket, feed: TenantFeed, scope: ((deviceId: string) => boolean) | null) {
    this.socket = socket;
    this.feed = feed;
    this.scope = scope;
    this.cursor = feed.head;
  }

  private inScope(deviceId: string): boolean {
    return this.scope === null || this.scope(deviceId);
  }

  send(message: ServerMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  onEvent(event: StreamEvent): void {
    if (this.replaying || event.seq <= this.cursor) return;
    if (this.stalled || this.socket.bufferedAmount > backlogBytes) this.hold(event);
    else this.emit(event);
  }

  /** Replays everything after `fromSeq`, then continues live; or tells the client to resync. */
  async resume(fromSeq: number): Promise<void> {
    if (fromSeq > this.feed.head) {
      this.send({ type: 'resync', reason: 'ahead', seq: this.feed.head });
      return;
    }
    this.replaying = true;
    try {
      let cursor = fromSeq;
      for (;;) {
        const ringStart = this.feed.ring[0]?.seq ?? this.feed.head + 1;
        if (cursor + 1 >= ringStart) break;
        const stored = await this.feed.read(cursor, ringStart - 1);
        if (stored[0]?.seq !== cursor + 1) {
          this.send({ type: 'resync', reason: 'too_old', seq: this.feed.head });
          this.cursor = this.feed.head;
          return;
        }
        for (const event of stored) this.emit(event);
        cursor = stored[stored.length - 1]?.seq ?? cursor;
        this.cursor = cursor;
      }
      // The ring covers the rest, including whatever arrived while we read the database.
      this.cursor = cursor;
      for (const event of this.feed.ring) if (event.seq > this.cursor) this.emit(event);
      this.cursor = Math.max(this.cursor, this.feed.head);
      this.send({ type: 'resumed', fromSeq, seq: this.cursor });
    } finally {
      this.replaying = false;
    }
  }

  heartbeat(): void {
    if (!this.stalled && !this.replaying) this.send({ type: 'heartbeat', seq: this.cursor });
  }

  close(): void {
    if (this.drainTimer) clearInterval(this.drainTimer);
  }

  private emit(event: StreamEvent): void {
    this.cursor = event.seq;
    // The whole tenant and the stored JSON at hand: the message is that JSON with the seq added.
    if (this.scope === null && event.text !== undefined) {
      if (this.socket.readyState === this.socket.OPEN) this.socket.send(`{"seq":${event.seq},${event.text.slice(1)}`);
      return;
    }
    const message = this.filter(event);
    if (message) this.send(message);
  }

  private filter(event: StreamEvent): ServerMessage | null {
    const body = event.body;
    if (body.type === 'positions') {
      const positions = (body.positions as LivePosition[]).filter((p) => this.inScope(p.deviceId));
      return positions.length ? { type: 'positions', seq: event.seq, positions } : null;
    }
    if (body.type === 'deviceStatus') {
      const changes = (body.changes as { deviceId: string; status: 'online' | 'offline'; at: string }[]).filter((c) => this.inScope(c.deviceId));
      return changes.length ? { type: 'deviceStatus', seq: event.seq, changes } : null;
    }
    const alert = body.alert as { deviceId: string };
    return this.inScope(alert.deviceId) ? ({ ...body, seq: event.seq } as ServerMessage) : null;
  }

  /** Slow client: remember only the latest fix per device, queue the (rare) other events. */
  private hold(event: StreamEvent): void {
    this.stalled = true;
    if (event.body.type === 'positions') {
      for (const p of event.body.positions as LivePosition[]) this.latest.set(p.deviceId, p);
      this.latestSeq = event.seq;
    } else if (this.queued.length < maxQueuedEvents) this.queued.push(event);
    else {
      this.queued.length = 0;
      this.latest.clear();
      this.send({ type: 'resync', reason: 'overflow', seq: event.seq });
      this.cursor = event.seq;
    }
    this.drainTimer ??= setInterval(() => this.flushHeld(), 50);
  }

  private flushHeld(): void {
    if (this.socket.bufferedAmount > backlogBytes / 4) return;
    if (this.drainTimer) clearInterval(this.drainTimer);
    this.drainTimer = null;
    this.stalled = false;
    for (const event of this.queued.splice(0)) this.emit(event);
    if (this.latest.size > 0) {
      const positions = [...this.latest.values()].filter((p) => this.inScope(p.deviceId));
      this.latest.clear();
      this.cursor = Math.max(this.cursor, this.latestSeq);
      if (positions.length) this.send({ type: 'positions', seq: this.cursor, positions, coalesced: true });
    }
  }
}
