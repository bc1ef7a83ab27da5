import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { FleetDb } from '../../db/fleet-db.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The app-role pool. Tenant data only through `withTenant`, so RLS always applies. */
    db: FleetDb;
  }
}

/** The pool is injected (the caller owns its lifecycle); this only makes it reachable. */
export const databasePlugin = fp(async function database(app: FastifyInstance, options: { db: FleetDb }) {
  app.decorate('db', options.db);
});
