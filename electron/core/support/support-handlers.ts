import type { Device, DeviceListResponse } from '../../../contract/api/devices.ts';
import type { ActiveSupportGrantList, CreateSupportGrantRequest, SupportGrant, SupportGrantList, SupportSession } from '../../../contract/api/support.ts';
import { BridgeError } from '../../../contract/bridge/bridge-error.ts';
import type { BridgeHandlers } from '../../../contract/bridge/console-bridge.ts';
import type { SupportSessionInfo, supportInputs } from '../../../contract/bridge/domains/support-domain.ts';
import type { FleetApiClient } from '../fleet-api/fleet-api-client.ts';
import { FleetApiError } from '../fleet-api/api-errors.ts';
import type { SessionManager } from '../session/session-manager.ts';

type SupportHandlers = Pick<BridgeHandlers, keyof typeof supportInputs>;

interface HeldSession {
  token: string;
  /** When the token ends (ms); the grant may last longer, then the session is opened again. */
  tokenEndsAt: number;
  info: SupportSessionInfo;
}

/** Re-open a support session this long before its token ends, so no call carries a dying one. */
const renewMarginMs = 30_000;

const id = (value: string) => encodeURIComponent(value);

/**
 * Support access (decision 0210). The owner's grant calls run with the workspace's own token.
 * An operator's support session is a second token, for the client account, that the engine
 * holds per (workspace, account) in memory only — never on disk, never sent to the renderer —
 * and drops as soon as the fleet cloud says the grant ended (expired, revoked).
 */
export function supportHandlers(sessions: SessionManager, now: () => number = Date.now): SupportHandlers {
  const held = new Map<string, HeldSession>();
  const key = (workspaceId: string, tenantId: string) => `${workspaceId}\u0000${tenantId}`;
  const call = <T>(client: FleetApiClient, token: string, method: string, path: string, body?: unknown) =>
    client.request<T>(method, path, body === undefined ? { accessToken: token } : { accessToken: token, body });

  async function open(workspaceId: string, tenantId: string, client: FleetApiClient, operatorToken: string): Promise<HeldSession> {
    try {
      const session = await call<SupportSession>(client, operatorToken, 'POST', '/api/support/sessions', { tenantId });
      const info: SupportSessionInfo = { workspaceId, grant: session.grant, serverTime: new Date(now()).toISOString() };
      const entry = { token: session.accessToken, tokenEndsAt: Date.parse(session.expiresAt), info };
      held.set(key(workspaceId, tenantId), entry);
      return entry;
    } catch (error) {
      // A session that was open and can no longer be opened: its grant ended.
      if (held.has(key(workspaceId, tenantId)) && error instanceof FleetApiError && error.status === 404) throw ended(workspaceId, tenantId, 'expired');
      throw error;
    }
  }

  function ended(workspaceId: string, tenantId: string, state: 'expired' | 'revoked'): BridgeError {
    held.delete(key(workspaceId, tenantId));
    return new BridgeError('forbidden', state === 'revoked' ? 'The account owner revoked the support access.' : 'The support access has expired.', undefined, { reason: 'support-grant-ended', params: { state } });
  }

  /** Runs `work` with the support session's token, opening or renewing the session as needed. */
  function withSupport<T>(workspaceId: string, tenantId: string, work: (client: FleetApiClient, token: string) => Promise<T>): Promise<T> {
    return sessions.withAccess(workspaceId, async (client, operatorToken) => {
      let entry = held.get(key(workspaceId, tenantId));
      if (!entry || entry.tokenEndsAt - renewMarginMs <= now()) entry = await open(workspaceId, tenantId, client, operatorToken);
      try {
        return await work(client, entry.token);
      } catch (error) {
        if (error instanceof FleetApiError && error.body?.reason === 'support-grant-ended') throw ended(workspaceId, tenantId, error.body.params?.state === 'revoked' ? 'revoked' : 'expired');
        // A revoked grant revokes its tokens: the next call of the session is refused with 401.
        if (error instanceof FleetApiError && error.status === 401) throw ended(workspaceId, tenantId, 'revoked');
        throw error;
      }
    });
  }

  return {
    'support.listGrants': ({ workspaceId }) => sessions.withAccess(workspaceId, (client, token) => call<SupportGrantList>(client, token, 'GET', '/api/support/grants')),
    'support.grant': ({ workspaceId, grant }) => sessions.withAccess(workspaceId, (client, token) => call<SupportGrant>(client, token, 'POST', '/api/support/grants', grant satisfies CreateSupportGrantRequest)),
    'support.revoke': ({ workspaceId, grantId }) => sessions.withAccess(workspaceId, (client, token) => call<SupportGrant>(client, token, 'POST', `/api/support/grants/${id(grantId)}/revoke`, {})),
    'support.activeGrants': ({ workspaceId }) => sessions.withAccess(workspaceId, (client, token) => call<ActiveSupportGrantList>(client, token, 'GET', '/api/support/active-grants')),
    'support.open': ({ workspaceId, tenantId }) => sessions.withAccess(workspaceId, async (client, token) => (await open(workspaceId, tenantId, client, token)).info),
    'support.vehicles': ({ workspaceId, tenantId }) => withSupport(workspaceId, tenantId, (client, token) => call<DeviceListResponse>(client, token, 'GET', '/api/devices?limit=1000')),
    'support.renameVehicle': ({ workspaceId, tenantId, deviceId, name }) => withSupport(workspaceId, tenantId, (client, token) => call<Device>(client, token, 'PATCH', `/api/devices/${id(deviceId)}`, { name })),
    'support.close': ({ workspaceId, tenantId }) => {
      held.delete(key(workspaceId, tenantId));
      return Promise.resolve({ closed: true as const });
    },
  };
}
