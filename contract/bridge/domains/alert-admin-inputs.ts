import { Type } from 'typebox';
import { AlertRulesUpdate, type AlertRulesResponse } from '../../api/alert-rules.ts';
import { Uuid } from '../../api/ids.ts';
import {
  CreateWebhookRequest, DeliveryListQuery, UpdateWebhookRequest,
  type CreateWebhookResponse, type DeliveryAttempt, type DeliveryListResponse, type MailBacklogResponse, type Webhook, type WebhookListResponse,
} from '../../api/notifications.ts';

const WorkspaceId = Type.String({ minLength: 1, maxLength: 256 });
const input = <P extends Parameters<typeof Type.Object>[0]>(properties: P) =>
  Type.Object({ workspaceId: WorkspaceId, ...properties }, { additionalProperties: false });

/**
 * Administration of who hears about alerts (issue 11), part of the `admin` domain: the tenant's
 * alert rules (`alerts.configure` to change), its webhooks and delivery log (`webhooks.manage`),
 * and for the provider's operators what e-mail waits behind their SMTP server.
 */
export const alertAdminInputs = {
  'admin.getAlertRules': input({}),
  'admin.updateAlertRules': input({ update: AlertRulesUpdate }),
  'admin.listWebhooks': input({}),
  'admin.createWebhook': input({ webhook: CreateWebhookRequest }),
  'admin.updateWebhook': input({ webhookId: Uuid, change: UpdateWebhookRequest }),
  'admin.deleteWebhook': input({ webhookId: Uuid }),
  'admin.testWebhook': input({ webhookId: Uuid }),
  'admin.listDeliveries': input({ query: Type.Optional(DeliveryListQuery) }),
  'admin.getMailBacklog': input({}),
} as const;

export interface AlertAdminOutputs {
  'admin.getAlertRules': AlertRulesResponse;
  /** The saved version with the rules that would never fire (`warnings`). */
  'admin.updateAlertRules': AlertRulesResponse;
  'admin.listWebhooks': WebhookListResponse;
  /** The secret is in this answer only. */
  'admin.createWebhook': CreateWebhookResponse;
  'admin.updateWebhook': Webhook;
  'admin.deleteWebhook': { webhookId: string };
  'admin.testWebhook': DeliveryAttempt;
  'admin.listDeliveries': DeliveryListResponse;
  'admin.getMailBacklog': MailBacklogResponse;
}
