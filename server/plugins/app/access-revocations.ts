import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AccessRevocations } from '../../auth/access-revocations.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Access tokens revoked before they expire (sessions ended, members changed, tenants suspended). */
    revocations: AccessRevocations;
  }
}

export interface AccessRevocationOptions {
  accessTokenTtlSeconds: number;
}

/**
 * Holds the instance's revocation cache (auth/access-revocations.ts): filled before the app
 * answers anything, kept current by NOTIFY and a poll, closed with the app.
 */
export const accessRevocationsPlugin = fp(async function accessRevocations(app: FastifyInstance, options: AccessRevocationOptions) {
  const revocations = new AccessRevocations(app.db, {
    tokenTtlMs: options.accessTokenTtlSeconds * 1000,
    log: (message, error) => app.log.error({ err: error }, message),
  });
  await revocations.start();
  app.decorate('revocations', revocations);
  app.addHook('onClose', () => revocations.close());
});

/**
 * For a route scope whose changes can end access (sign-out, members, tenants, passwords): before
 * a change is answered, this instance reads the revocations it may have caused (the triggers of
 * migration 041 wrote them in its transaction), so the caller's very next request is judged by
 * them even if the NOTIFY has not arrived yet. Reads cost one small query, on changes only.
 */
export function catchUpAfterChanges(scope: FastifyInstance): void {
  scope.addHook('onSend', async (request, _reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      // The NOTIFY and the poll still bring it: a failed read must not fail the change itself.
      await scope.revocations.catchUp().catch((error: unknown) => request.log.error({ err: error }, 'reading access revocations failed'));
    }
    return payload;
  });
}
