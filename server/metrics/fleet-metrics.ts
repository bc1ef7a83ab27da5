import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { IngestCountKind, IngestCounts } from '../ingest/ingest-counts.ts';
import { TenantLabels } from './tenant-label.ts';

/** What the gauges read when Prometheus scrapes (no timers, no bookkeeping on the hot path). */
export interface MetricSources {
  /** Fixes accepted by ingest and not yet answered. */
  ingestBacklog(): number;
  /** The app pool: connections open, idle, and requests waiting for one. */
  pool(): { total: number; idle: number; waiting: number };
  /** Whether the database answers (DatabaseHealth). */
  databaseAvailable(): boolean;
  /** Open live-stream sockets per tenant. */
  streamClients(): Map<string, number>;
}

const refusedKinds = new Set<IngestCountKind>(['invalid', 'unknown', 'key', 'retention', 'rate']);

/**
 * The fleet cloud's Prometheus metrics, in a registry of its own (never prom-client's global
 * one: two apps in one test process would otherwise share and collide). Names start `fleet_`;
 * labels that carry a tenant go through TenantLabels, so their cardinality is bounded (decision
 * 0211). Counters are incremented where ingest already counts (a Map increment per batch, see
 * operations/ingest-counter.ts), never per fix.
 */
export class FleetMetrics {
  readonly registry = new Registry();
  readonly tenants: TenantLabels;
  private sources: Partial<MetricSources> = {};

  private readonly ingestFixes: Counter<'tenant' | 'outcome'>;
  private readonly ingestRejected: Counter<'tenant' | 'reason'>;
  private readonly ingestSeconds: Histogram<'route'>;
  private readonly httpSeconds: Histogram<'method' | 'route' | 'status'>;

  constructor(options: { tenantLabelLimit?: number; processMetrics?: boolean } = {}) {
    this.tenants = new TenantLabels(options.tenantLabelLimit);
    const registers = [this.registry];
    this.ingestFixes = new Counter({ name: 'fleet_ingest_fixes_total', help: 'Fixes ingest stored (outcome=stored) or found already stored (outcome=duplicate), per tenant', labelNames: ['tenant', 'outcome'], registers });
    this.ingestRejected = new Counter({
      name: 'fleet_ingest_rejected_total',
      help: 'Reports ingest refused, by reason (invalid, unknown, key, retention, rate per record; throttled, busy, database-unreachable, store-failed per request); tenant "none" = reached no tenant',
      labelNames: ['tenant', 'reason'],
      registers,
    });
    this.ingestSeconds = new Histogram({
      name: 'fleet_ingest_request_duration_seconds',
      help: 'Device report requests, receipt to answer (the answer comes after the fixes are stored)',
      labelNames: ['route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.httpSeconds = new Histogram({
      name: 'fleet_http_request_duration_seconds',
      help: 'API requests by route template and status class (device reports excluded: see fleet_ingest_request_duration_seconds)',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    const read = <K extends keyof MetricSources>(key: K): MetricSources[K] | undefined => this.sources[key];
    new Gauge({
      name: 'fleet_ingest_backlog_fixes',
      help: 'Fixes accepted and not yet answered (ingest queue depth); at its limit ingest answers 503 + Retry-After',
      registers,
      collect() {
        const backlog = read('ingestBacklog');
        if (backlog) this.set(backlog());
      },
    });
    new Gauge({
      name: 'fleet_db_pool_connections',
      help: 'App-role pool connections by state (total, idle) and requests waiting for one (waiting)',
      labelNames: ['state'],
      registers,
      collect() {
        const pool = read('pool')?.();
        if (!pool) return;
        this.set({ state: 'total' }, pool.total);
        this.set({ state: 'idle' }, pool.idle);
        this.set({ state: 'waiting' }, pool.waiting);
      },
    });
    new Gauge({
      name: 'fleet_db_available',
      help: '1 while the database answers, 0 while it does not (the instance then answers 503 on /readyz)',
      registers,
      collect() {
        const available = read('databaseAvailable');
        if (available) this.set(available() ? 1 : 0);
      },
    });
    const tenants = this.tenants;
    new Gauge({
      name: 'fleet_stream_clients',
      help: 'Open live-stream (WebSocket) sessions per tenant',
      labelNames: ['tenant'],
      registers,
      collect() {
        const clients = read('streamClients')?.();
        if (!clients) return;
        this.reset();
        const byLabel = new Map<string, number>();
        for (const [tenantId, n] of clients) {
          const label = tenants.label(tenantId);
          byLabel.set(label, (byLabel.get(label) ?? 0) + n);
        }
        for (const [tenant, n] of byLabel) this.set({ tenant }, n);
      },
    });
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'fleet_process_' });
  }

  /** Connects the gauges to what they read (called once the pipeline, pool and hub exist). */
  observe(sources: Partial<MetricSources>): void {
    this.sources = { ...this.sources, ...sources };
  }

  /** Ingest's counts, also counted here: wraps the operations counter ingest already feeds. */
  countingIngest(inner: IngestCounts): IngestCounts {
    return {
      count: (tenantId, kind, n) => {
        inner.count(tenantId, kind, n);
        if (n <= 0) return;
        const tenant = this.tenants.label(tenantId);
        if (kind === 'stored') this.ingestFixes.inc({ tenant, outcome: 'stored' }, n);
        else if (kind === 'duplicates') this.ingestFixes.inc({ tenant, outcome: 'duplicate' }, n);
        else if (refusedKinds.has(kind)) this.ingestRejected.inc({ tenant, reason: kind }, n);
      },
    };
  }

  /** A whole request refused before any record was read (overload, throttling, database down). */
  ingestRequestRefused(reason: string): void {
    this.ingestRejected.inc({ tenant: 'none', reason });
  }

  ingestRequest(route: string, seconds: number): void {
    this.ingestSeconds.observe({ route }, seconds);
  }

  httpRequest(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpSeconds.observe({ method, route, status: `${Math.floor(statusCode / 100)}xx` }, seconds);
  }
}
