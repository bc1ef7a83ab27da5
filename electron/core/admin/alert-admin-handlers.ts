import type { AlertRulesResponse, AlertRulesUpdate } from '../../../contract/api/alert-rules.ts';
import type {
  CreateWebhookRequest, CreateWebhookResponse, DeliveryAttempt, DeliveryListQuery, DeliveryListResponse, MailBacklogResponse, UpdateWebhookRequest, Webhook, WebhookListResponse,
} from '../../../contract/api/notifications.ts';
import type { BridgeHandlers } from '../../../contract/bridge/console-bridge.ts';
import type { alertAdminInputs } from '../../../contract/bridge/domains/alert-admin-inputs.ts';
import type { FleetApiClient } from '../fleet-api/fleet-api-client.ts';
import type { SessionManager } from '../session/session-manager.ts';
import { query } from './admin-api.ts';

type AlertAdminHandlers = Pick<BridgeHandlers, keyof typeof alertAdminInputs>;

const id = (value: string) => encodeURIComponent(value);

/**
 * Alert rules, webhooks with their delivery log, and the provider's mail backlog: straight to
 * the fleet cloud with the workspace's access token, nothing cached (as every admin screen).
 * A webhook add or URL change waits for the server's signed test call, so it can take seconds.
 */
export function alertAdminHandlers(sessions: SessionManager): AlertAdminHandlers {
  const call = <T>(workspaceId: string, method: string, path: string, body?: unknown) =>
    sessions.withAccess(workspaceId, (client: FleetApiClient, accessToken) =>
      client.request<T>(method, path, body === undefined ? { accessToken } : { accessToken, body }));
  return {
    'admin.getAlertRules': ({ workspaceId }) => call<AlertRulesResponse>(workspaceId, 'GET', '/api/alert-rules'),
    'admin.updateAlertRules': ({ workspaceId, update }) => call<AlertRulesResponse>(workspaceId, 'PUT', '/api/alert-rules', update satisfies AlertRulesUpdate),
    'admin.listWebhooks': ({ workspaceId }) => call<WebhookListResponse>(workspaceId, 'GET', '/api/webhooks'),
    'admin.createWebhook': ({ workspaceId, webhook }) => call<CreateWebhookResponse>(workspaceId, 'POST', '/api/webhooks', webhook satisfies CreateWebhookRequest),
    'admin.updateWebhook': ({ workspaceId, webhookId, change }) => call<Webhook>(workspaceId, 'PATCH', `/api/webhooks/${id(webhookId)}`, change satisfies UpdateWebhookRequest),
    'admin.deleteWebhook': async ({ workspaceId, webhookId }) => (await call<undefined>(workspaceId, 'DELETE', `/api/webhooks/${id(webhookId)}`), { webhookId }),
    'admin.testWebhook': ({ workspaceId, webhookId }) => call<DeliveryAttempt>(workspaceId, 'POST', `/api/webhooks/${id(webhookId)}/test`, {}),
    'admin.listDeliveries': ({ workspaceId, query: q }) => call<DeliveryListResponse>(workspaceId, 'GET', `/api/notifications/deliveries${query(q satisfies DeliveryListQuery | undefined)}`),
    'admin.getMailBacklog': ({ workspaceId }) => call<MailBacklogResponse>(workspaceId, 'GET', '/api/provider/mail-backlog'),
  };
}
