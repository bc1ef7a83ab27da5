import { Type, type Static } from 'typebox';
import { AlertSeverity } from './alerts.ts';
import { IsoDateTime, Uuid } from './ids.ts';
import { mapUrlProblem, type MapUrlProblem } from './settings.ts';

/**
 * Outbound notifications of the fleet cloud: webhooks per tenant (`webhooks.manage`) and their
 * delivery log. Every webhook call is a POST of JSON signed with HMAC-SHA256:
 *
 *   X-Fleet-Timestamp: <unix seconds when sent>
 *   X-Fleet-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 *   X-Fleet-Event: alert.opened | alert.escalated | webhook.test
 *   X-Fleet-Delivery: <delivery id, the same on every retry: receivers de-duplicate with it>
 *
 * Receivers recompute the signature over the raw body and refuse timestamps older than a few
 * minutes (a replayed request keeps its old timestamp, and changing it breaks the signature).
 */
export const webhookSignatureHeader = 'x-fleet-signature';
export const webhookTimestampHeader = 'x-fleet-timestamp';
export const webhookEventHeader = 'x-fleet-event';
export const webhookDeliveryHeader = 'x-fleet-delivery';

export const notificationEvents = ['alert.opened', 'alert.escalated', 'webhook.test'] as const;
export type NotificationEvent = (typeof notificationEvents)[number];

/** Why a webhook URL cannot be used, as a code the server's and the form's messages share. */
export type WebhookUrlProblem = MapUrlProblem | 'loopback_address' | 'private_address';

// WHATWG URL is global in every runtime the contract runs in; the contract has neither DOM nor Node types.
declare const URL: new (url: string) => { protocol: string; hostname: string; username: string; password: string };

/** Whether a literal IPv4 address is loopback (127/8, 0/8) or private/link-local/CGNAT. */
function ipv4Class(host: string): 'loopback' | 'private' | 'public' | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const [a, b] = [Number(m[1]), Number(m[2])];
  if (a === 127 || a === 0) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127)) return 'private';
  return 'public';
}

/**
 * The class of a host name or literal address: `loopback` (localhost, 127/8, ::1), `private`
 * (RFC 1918, link-local, CGNAT, IPv6 ULA/link-local, *.local/*.internal names) or `public`.
 * The fleet cloud also resolves names before each call and applies the same test to the answer.
 */
export function addressClass(hostname: string): 'loopback' | 'private' | 'public' {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host === '::') return 'loopback';
  const v4 = ipv4Class(host);
  if (v4) return v4;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (mapped?.[1]) return ipv4Class(mapped[1]) ?? 'public';
  if (/^f[cd][0-9a-f]{2}:/.test(host) || /^fe[89ab][0-9a-f]:/.test(host)) return 'private';
  if (host.endsWith('.local') || host.endsWith('.internal') || host.endsWith('.lan') || !host.includes('.') && !host.includes(':')) return 'private';
  return 'public';
}

/**
 * null when `url` may receive webhooks: http(s), a host, no user:password, and not a loopback or
 * private address unless the provider allows on-premise receivers (provider settings).
 */
export function webhookUrlProblem(url: string, allowPrivate: boolean): WebhookUrlProblem | null {
  // The same well-formed http(s) URL check as for map sources, then where it points.
  const basic = mapUrlProblem(url);
  if (basic || allowPrivate) return basic;
  const kind = addressClass(new URL(url).hostname);
  return kind === 'loopback' ? 'loopback_address' : kind === 'private' ? 'private_address' : null;
}

/** Why one delivery attempt failed (the delivery log shows it; the renderer words it). */
export const deliveryErrorCodes = [
  'http-status', 'timeout', 'connection-refused', 'dns-failed', 'network', 'address-refused',
  'smtp-not-configured', 'smtp-refused', 'smtp-unreachable',
] as const;
export type DeliveryErrorCode = (typeof deliveryErrorCodes)[number];

export const Webhook = Type.Object({
  id: Uuid,
  name: Type.String(),
  url: Type.String(),
  /** Only alerts at or above this severity are sent. */
  minSeverity: AlertSeverity,
  enabled: Type.Boolean(),
  /** Why it is off: turned off automatically after repeated failures, or by an admin. */
  disabledReason: Type.Union([Type.Literal('consecutive-failures'), Type.Literal('by-admin'), Type.Null()]),
  disabledAt: Type.Union([IsoDateTime, Type.Null()]),
  consecutiveFailures: Type.Integer({ minimum: 0 }),
  lastError: Type.Union([Type.String(), Type.Null()]),
  /** Deliveries still waiting (retries included). */
  pending: Type.Integer({ minimum: 0 }),
  createdAt: IsoDateTime,
  version: Type.Integer({ minimum: 1 }),
});
export type Webhook = Static<typeof Webhook>;

export const WebhookListResponse = Type.Object({ items: Type.Array(Webhook) });
export type WebhookListResponse = Static<typeof WebhookListResponse>;

const webhookName = Type.String({ minLength: 1, maxLength: 80 });
const webhookUrl = Type.String({ minLength: 1, maxLength: 2048 });

/** POST /api/webhooks — the URL is checked and sent a signed `webhook.test` first; it must answer 2xx. */
export const CreateWebhookRequest = Type.Object(
  { name: webhookName, url: webhookUrl, minSeverity: Type.Optional(AlertSeverity) },
  { additionalProperties: false },
);
export type CreateWebhookRequest = Static<typeof CreateWebhookRequest>;

/** 201: the secret is shown this once; store it in the receiving system. */
export const CreateWebhookResponse = Type.Object({ webhook: Webhook, secret: Type.String() });
export type CreateWebhookResponse = Static<typeof CreateWebhookResponse>;

/** PATCH /api/webhooks/:webhookId — `enabled: true` re-enables and clears the failure count. */
export const UpdateWebhookRequest = Type.Object(
  {
    expectedVersion: Type.Integer({ minimum: 1 }),
    name: Type.Optional(webhookName),
    url: Type.Optional(webhookUrl),
    minSeverity: Type.Optional(AlertSeverity),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 2 },
);
export type UpdateWebhookRequest = Static<typeof UpdateWebhookRequest>;

export const WebhookParams = Type.Object({ webhookId: Uuid }, { additionalProperties: false });
export type WebhookParams = Static<typeof WebhookParams>;

/** The outcome of one attempt (a test, or a logged delivery's last try). */
export const DeliveryAttempt = Type.Object({
  ok: Type.Boolean(),
  httpStatus: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  durationMs: Type.Integer({ minimum: 0 }),
});
export type DeliveryAttempt = Static<typeof DeliveryAttempt>;

export const deliveryStatuses = ['pending', 'delivered', 'failed'] as const;
export const Delivery = Type.Object({
  id: Uuid,
  channel: Type.Union([Type.Literal('webhook'), Type.Literal('email')]),
  webhookId: Type.Union([Uuid, Type.Null()]),
  recipient: Type.Union([Type.String(), Type.Null()]),
  event: Type.String(),
  alertId: Type.Union([Uuid, Type.Null()]),
  status: Type.Enum(deliveryStatuses),
  attempts: Type.Integer({ minimum: 0 }),
  nextAttemptAt: Type.Union([IsoDateTime, Type.Null()]),
  lastAttemptAt: Type.Union([IsoDateTime, Type.Null()]),
  lastHttpStatus: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  deliveredAt: Type.Union([IsoDateTime, Type.Null()]),
  createdAt: IsoDateTime,
});
export type Delivery = Static<typeof Delivery>;

/** GET /api/notifications/deliveries — newest first; `backlog` counts what is still waiting per channel. */
export const DeliveryListQuery = Type.Object(
  {
    webhookId: Type.Optional(Uuid),
    channel: Type.Optional(Type.Union([Type.Literal('webhook'), Type.Literal('email')])),
    status: Type.Optional(Type.Enum(deliveryStatuses)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type DeliveryListQuery = Static<typeof DeliveryListQuery>;

export const DeliveryListResponse = Type.Object({
  items: Type.Array(Delivery),
  backlog: Type.Object({ webhook: Type.Integer({ minimum: 0 }), email: Type.Integer({ minimum: 0 }) }),
});
export type DeliveryListResponse = Static<typeof DeliveryListResponse>;

/** The JSON body of every webhook call. */
export interface WebhookPayload {
  id: string;
  event: NotificationEvent;
  tenantId: string;
  /** When the event happened (the alert opened or escalated; the test was asked for). */
  occurredAt: string;
  /** The alert as the API returns it (contract/api/alerts.ts), with the vehicle's name. */
  alert?: Record<string, unknown>;
  vehicle?: { id: string; name: string };
}

/**
 * GET /api/provider/mail-backlog (providerSettings.manage): e-mail that waits behind the
 * provider's SMTP server, per client account (counts only). `waiting` grows during an SMTP
 * outage or while no server is set; `lastError` is the latest failure code of what waits.
 */
export const MailBacklogResponse = Type.Object({
  waiting: Type.Integer({ minimum: 0 }),
  failed: Type.Integer({ minimum: 0 }),
  oldestWaitingAt: Type.Union([IsoDateTime, Type.Null()]),
  tenants: Type.Array(
    Type.Object({
      tenantId: Uuid,
      tenantName: Type.String(),
      waiting: Type.Integer({ minimum: 0 }),
      failed: Type.Integer({ minimum: 0 }),
      oldestWaitingAt: Type.Union([IsoDateTime, Type.Null()]),
      lastError: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
export type MailBacklogResponse = Static<typeof MailBacklogResponse>;
