import type { FastifyRequest } from 'fastify';
import type { DbSession } from '../db/fleet-db.ts';
import { ApiError } from '../http/api-error.ts';
import type { RequestAuth } from '../plugins/app/authenticate.ts';
import { recordAudit } from './audit-writer.ts';

/** Requests whose support action is already in the audit log (a handler may open several transactions). */
const audited = new WeakSet<FastifyRequest>();

/**
 * First statements of every transaction of a support session (decision 0210): refuse at once,
 * with the reason, when the grant has ended (RLS would hide everything anyway, but "not found"
 * would mislead the operator), then write the request into the client's audit log — in the same
 * transaction as what it does, so an action and its entry commit together.
 */
export async function enterSupportSession(db: DbSession, request: FastifyRequest, auth: RequestAuth): Promise<void> {
  const support = auth.support;
  if (!support) return;
  const state = (await db.query<{ state: string }>('SELECT app_support_grant_state() AS state')).rows[0]?.state ?? 'missing';
  if (state !== 'active') {
    throw new ApiError(403, 'forbidden', `The support access to this account has ${state === 'revoked' ? 'been revoked' : 'ended'}.`, {
      reason: 'support-grant-ended',
      params: { state: state === 'revoked' ? 'revoked' : 'expired' },
    });
  }
  if (audited.has(request)) return;
  audited.add(request);
  const write = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
  await recordAudit(db, auth, {
    action: write ? 'support.write' : 'support.read',
    targetType: 'support-grant',
    targetId: support.grantId,
    targetLabel: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
    after: { access: support.access, ...(Object.keys(request.params as object).length > 0 ? { params: request.params } : {}) },
  });
}
