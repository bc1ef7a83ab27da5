import type {} from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import { Value } from 'typebox/value';
import { ClientMessage, streamCloseCodes } from '../../contract/stream/messages.ts';
import { can } from '../../contract/api/permissions.ts';
import { verifyAccessToken } from '../auth/access-token.ts';
import { isPermission } from '../http/route-access.ts';
import type { AccessRevocations } from '../auth/access-revocations.ts';
import type { StreamHub } from './stream-hub.ts';
import { StreamSession } from './stream-session.ts';

const heartbeatMs = 15_000;

/**
 * GET /api/stream (WebSocket). The access token comes in the Authorization header or as
 * ?access_token= (browsers cannot set headers on a WebSocket). The socket closes with 4001
 * when the token expires or is revoked (session ended, role or scope changed, account
 * suspended); the client refreshes and reconnects with `resume`, under its new rights.
 */
export async function streamRoute(app: FastifyInstance, options: { hub: StreamHub; signingKey: string; revocations: AccessRevocations }): Promise<void> {
  app.get('/api/stream', { websocket: true, config: { access: 'devices.read' }, schema: { hide: true } }, async (socket, request) => {
    const header = request.headers.authorization;
    const fromHeader = header ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
    const fromQuery = (request.query as Record<string, unknown>).access_token;
    const token = fromHeader ?? (typeof fromQuery === 'string' ? fromQuery : undefined);
    const verified = token ? verifyAccessToken(token, options.signingKey, Math.floor(Date.now() / 1000)) : null;
    if (!verified?.ok) {
      socket.close(verified && !verified.ok && verified.reason === 'expired' ? streamCloseCodes.tokenExpired : streamCloseCodes.unauthenticated, 'access token required');
      return;
    }
    const claims = verified.claims;
    // The route's declared permission: checked here, where the token is (not behind the REST hooks).
    const access = request.routeOptions.config.access;
    if (!isPermission(access) || !can(claims.role, access)) {
      socket.close(streamCloseCodes.unauthenticated, 'permission missing');
      return;
    }
    const { revocations } = options;
    if (revocations.isRevoked(claims)) {
      socket.close(streamCloseCodes.tokenExpired, 'access token revoked');
      return;
    }
    // A revocation that concerns this token closes the socket at once, on every instance.
    const stopWatching = revocations.onRevoked(() => {
      if (revocations.isRevoked(claims)) socket.close(streamCloseCodes.tokenExpired, 'access token revoked');
    });
    socket.on('close', stopWatching);
    // A support session's stream (decision 0210): only under an active grant; the token ends no
    // later than the grant (the expiry timer below) and a revoked grant revokes it (above).
    if (claims.sup) {
      const { g } = claims.sup;
      const state = await app.db.withTenant(claims.tid, async (db) => (await db.query<{ state: string }>('SELECT app_support_grant_state() AS state')).rows[0]?.state, claims.gids, g);
      if (state !== 'active') {
        socket.close(streamCloseCodes.tokenExpired, 'support access ended');
        return;
      }
    }
    const { tid: tenantId, gids, exp } = claims;
    const scope = gids === null ? null : new Set(gids);
    // Buffer client messages that arrive before the feed is ready (a resume right after connect).
    const early: string[] = [];
    const onEarly = (data: Buffer) => early.push(data.toString());
    socket.on('message', onEarly);
    const feed = await options.hub.feed(tenantId);
    if (scope) await options.hub.loadGroups(tenantId);
    // Asked per event: the hub's map follows vehicles that move between groups (S5).
    const session = new StreamSession(socket, feed, scope === null ? null : (deviceId) => {
      const group = options.hub.groupOf(tenantId, deviceId);
      return group !== undefined && group !== null && scope.has(group);
    });
    feed.listeners.add(session);
    session.send({ type: 'hello', tenantId, seq: session.cursor, serverTime: new Date().toISOString() });
    const heartbeat = setInterval(() => session.heartbeat(), heartbeatMs);
    const expiry = setTimeout(() => socket.close(streamCloseCodes.tokenExpired, 'access token expired'), Math.max(0, exp * 1000 - Date.now()));
    socket.on('close', () => {
      clearInterval(heartbeat);
      clearTimeout(expiry);
      session.close();
      feed.listeners.delete(session);
      options.hub.release(feed);
    });
    const handle = (text: string) => {
      let message: unknown;
      try {
        message = JSON.parse(text);
      } catch {
        session.send({ type: 'error', code: 'invalid_input', message: 'Messages must be JSON' });
        return;
      }
      if (!Value.Check(ClientMessage, message)) {
        session.send({ type: 'error', code: 'invalid_input', message: 'Expected {"type":"resume","fromSeq":n} or {"type":"ping"}' });
        return;
      }
      if (message.type === 'ping') session.send({ type: 'pong', ...(message.id !== undefined ? { id: message.id } : {}) });
      else session.resume(message.fromSeq).catch((error: unknown) => request.log.error({ err: error }, 'stream resume failed'));
    };
    socket.off('message', onEarly);
    socket.on('message', (data: Buffer) => handle(data.toString()));
    for (const text of early) handle(text);
  });
}
