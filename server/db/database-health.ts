/**
 * Whether the database answers, as this process last saw it. Every database error passes
 * through `observe`: a connection-class error (refused, reset, terminated, PostgreSQL shutting
 * down or starting) marks it down; from then on a probe asks every `probeMs` until it answers,
 * and ingest answers 503 + Retry-After at once instead of queueing (routes/ingest), `/health`
 * says degraded (routes/health.ts). Nothing here reconnects: the pool opens new connections by
 * itself once PostgreSQL is back; this only knows when that is. Decision 0111.
 */
export type DatabaseStatus = { state: 'up' } | { state: 'down'; since: number; reason: string };

/** SQLSTATEs of a server going away or not yet accepting (admin/crash shutdown, class 08). */
const connectionStates = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** Errors that mean "the database is not reachable" rather than "this statement failed". */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (connectionStates.has(code) || socketCodes.has(code))) return true;
  // Not a timeout ("timeout exceeded when trying to connect", "Connection terminated due to
  // connection timeout"): the pool says that when all its connections are busy or a new one is
  // slow to open under load — load, not loss, and shedding ingest then would make it worse.
  if (/timeout/i.test(error.message)) return false;
  return /Connection terminated|Client has encountered a connection error|Connection ended/i.test(error.message);
}

export class DatabaseHealth {
  private current: DatabaseStatus = { state: 'up' };
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly probe: () => Promise<unknown>;
  private readonly probeMs: number;
  private readonly now: () => number;
  private readonly listeners = new Set<(status: DatabaseStatus) => void>();

  constructor(probe: () => Promise<unknown>, options: { probeMs?: number; now?: () => number } = {}) {
    this.probe = probe;
    this.probeMs = options.probeMs ?? 1000;
    this.now = options.now ?? Date.now;
  }

  get status(): DatabaseStatus {
    return this.current;
  }

  get available(): boolean {
    return this.current.state === 'up';
  }

  /** Called with every error a database operation met; only connection-class errors count. */
  observe(error: unknown): void {
    if (this.closed || !isConnectionError(error) || this.current.state === 'down') return;
    this.current = { state: 'down', since: this.now(), reason: error instanceof Error ? error.message : String(error) };
    this.emit();
    this.scheduleProbe();
  }

  /** Called when the database answers again (a probe; listeners reconnect then). */
  onChange(listener: (status: DatabaseStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private scheduleProbe(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.probe().then(
        () => {
          if (this.closed || this.current.state === 'up') return;
          this.current = { state: 'up' };
          this.emit();
        },
        () => this.scheduleProbe(),
      );
    }, this.probeMs);
    this.timer.unref();
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.current);
  }
}
