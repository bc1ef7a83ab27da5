import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { escalateAlerts } from '../../alerts/escalation.ts';
import { sweepOfflineDevices } from '../../alerts/offline-sweep.ts';
import { NotificationDispatcher, type DispatcherOptions } from '../../notifications/notification-dispatcher.ts';
import type { FrontDoor } from '../../http/front-door.ts';
import { IngestPipeline } from '../../ingest/ingest-pipeline.ts';
import type { IngestOptions } from '../../ingest/ingest-pipeline-types.ts';
import { IngestCounter } from '../../operations/ingest-counter.ts';
import { DailyFiguresJob } from '../../insights/daily-job.ts';
import { startVisitBackfill } from '../../geofences/visit-backfill.ts';
import type { Backfill } from '../../db/tenant-backfill.ts';
import { ReportScheduler, type ReportSchedulerOptions } from '../../reports/report-scheduler.ts';
import { applyRetention } from '../../ingest/retention.ts';
import { ingestRoutes } from '../../routes/ingest/index.ts';
import { StreamHub } from '../../stream/stream-hub.ts';
import { streamRoute } from '../../stream/stream-route.ts';
import { startTripAddressBackfill } from '../../trips/trip-addresses.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The ingest pipeline (tests and the benchmark drain it). */
    ingest: IngestPipeline;
    /** Ingest counts per tenant for the operations overview; flushed every 10 s (tests flush by hand). */
    ingestCounter: IngestCounter;
    /** Outbound notifications (webhooks, e-mail); tests wait for it to be idle. */
    notifications: NotificationDispatcher;
    /** Daily figures (insights): recomputes the days ingest marked; tests drain it. */
    insights: DailyFiguresJob;
    /** Scheduled reports: e-mails each due period's report once; tests call runOnce() after moving its clock. */
    reports: ReportScheduler;
  }
}

export interface MonitoringOptions {
  signingKey: string;
  /** Background jobs (offline sweep, retention). Off in tests that drive them by hand. */
  jobs?: boolean;
  /** The ingest pipeline's batching and stage timings (the benchmark's); default: the production ones. */
  ingest?: IngestOptions;
  /** The notification dispatcher's clock and pacing (tests move the clock). */
  notifications?: DispatcherOptions;
  /** The raw listener in front of Fastify, where ingest refuses an over-share tenant (decision 0440). */
  frontDoor?: FrontDoor;
  /** The app's `trustProxy` (the raw refusal reads the client address). */
  trustProxy?: boolean;
  /** The report scheduler's clock and pacing (tests move the clock). */
  reports?: ReportSchedulerOptions;
}

/**
 * Fleet monitoring: device ingest, the live stream and its LISTEN connection, background jobs.
 * The REST routes for positions, trips, alerts, geofences and health are registered with the
 * other authenticated API routes in app.ts.
 */
export const monitoringPlugin = fp(async function monitoring(app: FastifyInstance, options: MonitoringOptions) {
  const counter = new IngestCounter();
  const hub = new StreamHub(app.db, (message, error) => app.log.error({ err: error }, message));
  await hub.start();
  const dispatcher = new NotificationDispatcher(app.db, { log: (message, error) => app.log.error({ err: error }, message), ...options.notifications });
  app.decorate('notifications', dispatcher);
  // Ingest's counts feed the operations overview and, on the way, the Prometheus counters; its
  // committed stream events go to this instance's consoles without a read back (decision 0282),
  // and its new alerts' deliveries to this instance's dispatcher (decision 0490).
  const pipeline = new IngestPipeline(app.db, { counts: app.metrics.countingIngest(counter), publish: (tenantId, events) => hub.publish(tenantId, events), deliveries: dispatcher, ...options.ingest });
  app.decorate('ingest', pipeline);
  app.decorate('ingestCounter', counter);
  app.metrics.observe({
    ingestBacklog: () => pipeline.backlog,
    pool: () => app.db.poolStats(),
    databaseAvailable: () => app.db.health.available,
    streamClients: () => hub.clientsByTenant(),
  });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(ingestRoutes, { pipeline, ...(options.frontDoor ? { frontDoor: options.frontDoor, trustProxy: options.trustProxy ?? false } : {}) });
  await app.register(streamRoute, { hub, signingKey: options.signingKey, revocations: app.revocations });

  const insights = new DailyFiguresJob(app.db, { log: (message, error) => app.log.error({ err: error }, message) });
  app.decorate('insights', insights);
  const reports = new ReportScheduler(app.db, { log: (message, error) => app.log.error({ err: error }, message), ...options.reports });
  app.decorate('reports', reports);

  const timers: NodeJS.Timeout[] = [];
  let closing = false;
  const backfills: Backfill[] = [];
  if (options.jobs ?? true) {
    await dispatcher.start();
    const every = (ms: number, name: string, job: () => Promise<unknown>) => {
      timers.push(setInterval(() => void job().catch((error: unknown) => app.log.error({ err: error }, `${name} failed`)), ms).unref());
    };
    every(30_000, 'offline sweep', () => sweepOfflineDevices(app.db));
    every(options.notifications?.escalationEveryMs ?? 30_000, 'escalation', () => escalateAlerts(app.db, options.notifications?.now));
    // A previous process may have died with unwritten device states (write-behind, decision 0020).
    void pipeline.recoverLaggingStates().then(
      (n) => n > 0 && app.log.warn(`brought ${n} device states up to date from stored positions (unclean shutdown before)`),
      (error: unknown) => app.log.error({ err: error }, 'device state recovery failed'),
    );
    // Data kept by later releases, filled in for what was stored before them; each continues at
    // the next start if it fails or the server stops first.
    const backfill = (job: Backfill, did: (n: number) => string, what: string) => {
      backfills.push(job);
      void job.done.then(
        (n) => n > 0 && app.log.info(did(n)),
        (error: unknown) => closing || app.log.error({ err: error }, `${what} backfill failed (it continues at the next start)`),
      );
    };
    // Visits of vehicles older than migration 139, from their stored positions (decision 0355).
    backfill(startVisitBackfill(app.db), (n) => `built the geofence visits of ${n} vehicles from their stored positions`, 'geofence visit');
    // Trips closed before trips kept their addresses get them, once (decision 0360).
    backfill(startTripAddressBackfill(app.db), (n) => `stored the addresses of ${n} earlier trips`, 'trip address');
    every(3600_000, 'retention', async () => {
      const { deletedPositions } = await applyRetention(app.db);
      for (const [tenantId, n] of deletedPositions) counter.positionsDeleted(tenantId, n);
      await app.db.query('SELECT ops_prune_ingest_counts()');
      await app.db.query('SELECT insights_prune_day_tails()');
    });
    every(10_000, 'ingest counts', () => counter.flush(app.db));
    // Figures trail ingest by up to this much (decision 0150).
    every(10_000, 'daily figures', () => insights.runOnce());
    reports.start();
  }
  app.addHook('onClose', async () => {
    closing = true;
    for (const timer of timers) clearInterval(timer);
    for (const job of backfills) job.stop();
    await Promise.all(backfills.map((job) => job.done.catch(() => undefined)));
    await dispatcher.close();
    await reports.close();
    await pipeline.drain();
    pipeline.close();
    await counter.flush(app.db).catch((error: unknown) => app.log.warn({ err: error }, 'ingest counts not saved at shutdown'));
    // A round in flight finishes; marks left are computed by the next process.
    await insights.runOnce().catch(() => undefined);
    await hub.close();
  });
});
