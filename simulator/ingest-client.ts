import http from 'node:http';
import https from 'node:https';
import type { IngestResult, TelemetryRecord } from '../contract/api/telemetry.ts';
import type { SingleRequest } from './report-encoders.ts';

export interface IngestStats {
  /** Fixes handed to the network (one per OsmAnd request, one per batch record). */
  sent: number;
  /** Stored, or recognised as a retry of a stored fix. */
  accepted: number;
  /** Refused by the server (400 invalid, 404 / unknown_device). */
  rejected: number;
  /** No answer, or 5xx: the server could not take it. */
  failed: number;
  /** Dropped before sending because too many requests were waiting (the client is the bottleneck). */
  dropped: number;
  /**
   * Refused for now (503 over capacity, 429 over the fleet's plan rate or its share) and
   * sent again after the answer's Retry-After, as Traccar Client and dongles do: nothing of it
   * was stored, so nothing is lost by waiting. Counted each time a request is put back.
   */
  deferred: number;
  inFlight: number;
  /** First few distinct rejection messages, to make a misconfiguration obvious. */
  problems: string[];
}

export interface IngestClientOptions {
  /** Base URL of the fleet cloud, e.g. http://127.0.0.1:8080 */
  server: string;
  /** Parallel HTTP requests (keep-alive sockets). */
  concurrency: number;
  /** Requests allowed to wait for a socket before new ones are dropped. */
  maxQueued: number;
}

/** `resend`: put back after a Retry-After (its fixes were counted as sent the first time). */
type Job = { request: SingleRequest; fixes: number; batch: boolean; resend?: boolean };

/**
 * Sends device reports over keep-alive HTTP, a bounded number at a time, and counts the
 * outcome. node:http with an Agent (not fetch): thousands of small requests per second are its
 * home ground, and the socket limit is explicit.
 */
export class IngestClient {
  readonly stats: IngestStats = { sent: 0, accepted: 0, rejected: 0, failed: 0, dropped: 0, deferred: 0, inFlight: 0, problems: [] };
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly options: IngestClientOptions;
  private readonly queue: Job[] = [];
  private readonly idle: (() => void)[] = [];
  /** Requests waiting out a Retry-After before they are sent again. */
  private readonly deferred = new Set<NodeJS.Timeout>();

  constructor(options: IngestClientOptions) {
    let base: URL;
    try {
      base = new URL(options.server);
    } catch {
      throw new Error(`--server must be a URL like http://127.0.0.1:8080 (got "${options.server}")`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error(`--server must use http or https (got ${base.protocol})`);
    this.base = base;
    this.options = options;
    const agentOptions = { keepAlive: true, maxSockets: options.concurrency };
    this.agent = base.protocol === 'https:' ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  }

  /** Jobs waiting for a socket, waiting out a Retry-After, or on the wire. */
  get pending(): number {
    return this.queue.length + this.deferred.size + this.stats.inFlight;
  }

  sendSingle(request: SingleRequest): void {
    this.enqueue({ request, fixes: 1, batch: false });
  }

  /** OBD-II records, split into requests of at most `chunk` records (the endpoint takes 10,000). */
  sendBatch(records: readonly TelemetryRecord[], chunk = 1000): void {
    for (let i = 0; i < records.length; i += chunk) {
      const part = records.slice(i, i + chunk);
      this.enqueue({ request: { method: 'POST', path: '/api/ingest/batch', contentType: 'application/json', body: JSON.stringify({ records: part }) }, fixes: part.length, batch: true });
    }
  }

  /** Resolves when nothing is queued or on the wire. */
  drained(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  close(): void {
    for (const timer of this.deferred) clearTimeout(timer);
    this.deferred.clear();
    this.agent.destroy();
  }

  private enqueue(job: Job): void {
    if (this.queue.length >= this.options.maxQueued) {
      const oldest = this.queue.shift();
      this.stats.dropped += oldest?.fixes ?? 0;
    }
    this.queue.push(job);
    this.pump();
  }

  private pump(): void {
    while (this.stats.inFlight < this.options.concurrency && this.queue.length > 0) {
      const job = this.queue.shift() as Job;
      this.stats.inFlight++;
      if (!job.resend) this.stats.sent += job.fixes;
      void this.exchange(job).finally(() => {
        this.stats.inFlight--;
        this.pump();
        if (this.pending === 0) for (const resolve of this.idle.splice(0)) resolve();
      });
    }
  }

  private async exchange(job: Job): Promise<void> {
    try {
      const { status, body, retryAfterS } = await this.request(job.request);
      if ((status === 503 || status === 429) && retryAfterS !== null) {
        this.stats.deferred += job.fixes;
        this.sendAgainAfter({ ...job, resend: true }, retryAfterS);
      } else if (status >= 500) {
        this.stats.failed += job.fixes;
        this.note(`HTTP ${status}: ${body.slice(0, 160)}`);
      } else if (job.batch && status === 200) {
        const result = JSON.parse(body) as IngestResult;
        this.stats.accepted += result.stored + result.duplicates;
        this.stats.rejected += result.rejected.length;
        for (const r of result.rejected.slice(0, 3)) this.note(`${r.field}: ${r.message}`);
      } else if (status === 200) this.stats.accepted += job.fixes;
      else {
        this.stats.rejected += job.fixes;
        this.note(`HTTP ${status}: ${body.slice(0, 160)}`);
      }
    } catch (error) {
      this.stats.failed += job.fixes;
      this.note(error instanceof Error ? error.message : String(error));
    }
  }

  /** Sends the job again once `seconds` have passed (it then queues like any other). */
  private sendAgainAfter(job: Job, seconds: number): void {
    const timer = setTimeout(() => {
      this.deferred.delete(timer);
      this.queue.push(job);
      this.pump();
    }, seconds * 1000);
    this.deferred.add(timer);
  }

  private note(problem: string): void {
    if (this.stats.problems.length < 5 && !this.stats.problems.includes(problem)) this.stats.problems.push(problem);
  }

  /** The answer, with its Retry-After in seconds (null: none, or not a number of seconds). */
  private request(r: SingleRequest): Promise<{ status: number; body: string; retryAfterS: number | null }> {
    const transport = this.base.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = {};
      if (r.contentType) headers['content-type'] = r.contentType;
      if (r.body !== null) headers['content-length'] = String(Buffer.byteLength(r.body));
      const req = transport.request(new URL(r.path, this.base), { method: r.method, agent: this.agent, headers, timeout: 30_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        const retryAfter = Number(res.headers['retry-after'] ?? NaN);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), retryAfterS: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : null }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('request timed out after 30 s')));
      req.on('error', reject);
      req.end(r.body ?? undefined);
    });
  }
}
