import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { DbSession } from '../db/fleet-db.ts';

/** Channel on which a registry change (assign, transfer, unassign) names the unit's id. */
export const registryChannel = 'device_registry_changed';

/**
 * Ingest caches which tenant a unit reports to. After a transfer the cache must not send one
 * more report to the old tenant, so the change is announced in its own transaction (NOTIFY is
 * delivered on commit, to every instance) and each instance's ingest forgets the unit.
 */
export async function announceRegistryChange(db: DbSession, uniqueId: string): Promise<void> {
  await db.query('SELECT pg_notify($1, $2)', [registryChannel, uniqueId]);
}

/** Forgets a unit in this instance's ingest cache, when ingest runs in this app. */
export function forgetLocally(app: FastifyInstance, uniqueId: string): void {
  (app as Partial<Pick<FastifyInstance, 'ingest'>>).ingest?.resolver.forget(uniqueId);
}

export const registryInvalidationPlugin = fp(async function registryInvalidation(app: FastifyInstance) {
  const listener = await app.db.listen(registryChannel, (uniqueId) => forgetLocally(app, uniqueId), (error) =>
    app.log.error({ err: error }, 'registry change listener failed; ingest may route a moved unit to its old tenant for up to 30 s'),
  );
  app.addHook('onClose', () => listener.close());
});
