import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { TenantLifecycleJob } from '../../lifecycle/lifecycle-job.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Purges accounts past their grace period and records usage days; tests run it by hand with their clock. */
    lifecycle: TenantLifecycleJob;
  }
}

export interface LifecycleOptions {
  /** The hourly round (off in tests that drive it by hand). */
  jobs?: boolean;
  /** The job's clock (tests move it past a grace period). */
  now?: () => Date;
}

/** Tenant lifecycle (decision 0250): the purge and usage job, hourly and once at start. */
export const lifecyclePlugin = fp(async function lifecycle(app: FastifyInstance, options: LifecycleOptions) {
  const job = new TenantLifecycleJob(app.db, { ...(options.now ? { now: options.now } : {}), log: (message, error) => app.log.error({ err: error }, message) });
  app.decorate('lifecycle', job);
  if (!(options.jobs ?? true)) return;
  const round = () =>
    void job.runOnce().then(
      (purged) => {
        for (const p of purged) app.log.info({ tenantId: p.tenantId, rowsDeleted: p.rowsDeleted }, 'client account purged after its grace period');
      },
      (error: unknown) => app.log.error({ err: error }, 'tenant lifecycle round failed'),
    );
  // An account that fell due while no instance ran is purged soon after start.
  const first = setTimeout(round, 30_000).unref();
  const timer = setInterval(round, 3600_000).unref();
  app.addHook('onClose', () => {
    clearTimeout(first);
    clearInterval(timer);
  });
});
