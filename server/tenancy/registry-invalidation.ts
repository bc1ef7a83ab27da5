import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { DbSession } from '../db/fleet-db.ts';

/**
 * Channel on which a registry change (assign, transfer, unassign, key rotation) names the
 * unit's id, and a tenant change that ingest must see (device authentication mode, suspension)
 * names `tenant:<id>` (unit ids cannot contain a colon).
 */
export const registryChannel = 'device_registry_changed';
const tenantPrefix = 'tenant:';

/**
 * Ingest caches which tenant a unit reports to. After a transfer the cache must not send one
 * more report to the old tenant, so the change is announced in its own transaction (NOTIFY is
 * delivered on commit, to every instance) and each instance's ingest forgets the unit.
 */
export async function announceRegistryChange(db: DbSession, uniqueId: string): Promise<void> {
  await db.query('SELECT pg_notify($1, $2)', [registryChannel, uniqueId]);
}

/** Announces that ingest must re-read every unit of a tenant (same delivery as above). */
export async function announceTenantIngestChange(db: DbSession, tenantId: string): Promise<void> {
  await announceRegistryChange(db, `${tenantPrefix}${tenantId}`);
}

/** Forgets a unit (or `tenant:<id>`: all its units) in this instance's ingest cache, when ingest runs in this app. */
export function forgetLocally(app: FastifyInstance, uniqueIdOrTenant: string): void {
  const resolver = (app as Partial<Pick<FastifyInstance, 'ingest'>>).ingest?.resolver;
  if (!resolver) return;
  if (uniqueIdOrTenant.startsWith(tenantPrefix)) resolver.forgetTenant(uniqueIdOrTenant.slice(tenantPrefix.length));
  else resolver.forget(uniqueIdOrTenant);
}

/** forgetLocally for a tenant's units. */
export function forgetTenantLocally(app: FastifyInstance, tenantId: string): void {
  forgetLocally(app, `${tenantPrefix}${tenantId}`);
}

export const registryInvalidationPlugin = fp(async function registryInvalidation(app: FastifyInstance) {
  const listener = await app.db.listen(registryChannel, (uniqueId) => forgetLocally(app, uniqueId), (error) =>
    app.log.error({ err: error }, 'registry change listener failed; ingest may route a moved unit to its old tenant for up to 30 s'),
  );
  app.addHook('onClose', () => listener.close());
});
