import { randomUUID } from 'node:crypto';
import {
  CreateWebhookRequest, CreateWebhookResponse, DeliveryAttempt, DeliveryListQuery, DeliveryListResponse, UpdateWebhookRequest, Webhook, WebhookListResponse,
  WebhookParams, webhookUrlProblem, type WebhookPayload,
} from '../../../../contract/api/notifications.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { ApiError } from '../../../http/api-error.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { newWebhookSecret } from '../../../notifications/webhook-signature.ts';
import { sendWebhook, type WebhookAttempt } from '../../../notifications/webhook-sender.ts';
import { recordAudit } from '../../../tenancy/audit-writer.ts';
import { requireAuth } from '../../../plugins/app/authenticate.ts';
import { deleteWebhook, insertWebhook, listDeliveries, listWebhooks, logTestDelivery, privateWebhooksAllowed, updateWebhook, webhookById, webhookSecret } from './webhooks-repository.ts';

const security = [{ bearerAuth: [] }];
const tags = ['webhooks'];
const notFound = () => new ApiError(404, 'not_found', 'There is no such webhook.', { reason: 'not-found', params: { kind: 'webhook' } });

function checkUrl(url: string, allowPrivate: boolean): void {
  const problem = webhookUrlProblem(url, allowPrivate);
  if (problem) throw new ApiError(400, 'invalid_input', `url cannot receive webhooks (${problem})`, { field: 'url', reason: 'webhook-url-invalid', params: { problem } });
}

/** A signed `webhook.test` call, outside any transaction (the receiver may be slow). */
async function sendTest(tenantId: string, target: { url: string; secret: string }, allowPrivate: boolean): Promise<{ id: string; payload: WebhookPayload; attempt: WebhookAttempt }> {
  const id = randomUUID();
  const payload: WebhookPayload = { id, event: 'webhook.test', tenantId, occurredAt: new Date().toISOString() };
  const attempt = await sendWebhook({ ...target, event: 'webhook.test', deliveryId: id, body: JSON.stringify(payload) }, { allowPrivate, timeoutMs: 5000 });
  return { id, payload, attempt };
}

const testFailed = (attempt: WebhookAttempt) =>
  new ApiError(400, 'invalid_input', `The test call to url failed (${attempt.error}${attempt.httpStatus ? ` ${attempt.httpStatus}` : ''})`, {
    field: 'url', reason: 'webhook-test-failed', params: { error: attempt.error ?? 'network', httpStatus: attempt.httpStatus ?? 0 },
  });

/** Webhooks of the current tenant and the notification delivery log (webhooks.manage). */
export const webhookRoutes: RoutePlugin = async (app) => {
  const allowPrivate = (request: { withTenant<T>(work: (db: DbSession) => Promise<T>): Promise<T> }) => request.withTenant((db) => privateWebhooksAllowed(db));

  app.get('/', { config: { access: 'webhooks.manage' }, prefixTrailingSlash: 'no-slash', schema: { summary: 'Webhooks of this account', tags, security, response: { 200: WebhookListResponse, ...errorResponses(401, 403) } } }, async (request) => {
    return { items: await request.withTenant((db) => listWebhooks(db)) };
  });

  app.post('/', {
    config: { access: 'webhooks.manage' },
    prefixTrailingSlash: 'no-slash',
    schema: { summary: 'Add a webhook; its URL must answer a signed test call with 2xx', tags, security, body: CreateWebhookRequest, response: { 201: CreateWebhookResponse, ...errorResponses(400, 401, 403) } },
  }, async (request, reply) => {
    const auth = requireAuth(request);
    const allowed = await allowPrivate(request);
    checkUrl(request.body.url, allowed);
    const secret = newWebhookSecret();
    const test = await sendTest(auth.tenantId, { url: request.body.url, secret }, allowed);
    if (!test.attempt.ok) throw testFailed(test.attempt);
    const id = randomUUID();
    const webhook = await request.withTenant(async (db) => {
      await insertWebhook(db, { id, name: request.body.name, url: request.body.url, minSeverity: request.body.minSeverity ?? 'warning', secret });
      await logTestDelivery(db, { id: test.id, webhookId: id, payload: test.payload, ok: true, httpStatus: test.attempt.httpStatus, error: null, at: new Date() });
      await recordAudit(db, auth, { action: 'webhook.create', targetType: 'webhook', targetId: id, targetLabel: request.body.name, after: { url: request.body.url, minSeverity: request.body.minSeverity ?? 'warning' } });
      return webhookById(db, id);
    });
    if (!webhook) throw notFound();
    return reply.code(201).send({ webhook, secret });
  });

  app.patch('/:webhookId', {
    config: { access: 'webhooks.manage' },
    schema: { summary: 'Change or re-enable a webhook (a new URL must pass the test call)', tags, security, params: WebhookParams, body: UpdateWebhookRequest, response: { 200: Webhook, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request) => {
    const auth = requireAuth(request);
    const { webhookId } = request.params;
    const { url } = request.body;
    if (url !== undefined) {
      const allowed = await allowPrivate(request);
      checkUrl(url, allowed);
      const current = await request.withTenant((db) => webhookSecret(db, webhookId));
      if (!current) throw notFound();
      const test = await sendTest(auth.tenantId, { url, secret: current.secret }, allowed);
      if (!test.attempt.ok) throw testFailed(test.attempt);
    }
    return request.withTenant(async (db) => {
      const before = await webhookById(db, webhookId);
      if (!before) throw notFound();
      if (!(await updateWebhook(db, webhookId, request.body, new Date()))) {
        throw new ApiError(409, 'conflict', `The webhook was changed by someone else (now version ${before.version}).`, { field: 'expectedVersion', reason: 'edited-elsewhere', params: { currentVersion: before.version } });
      }
      const after = await webhookById(db, webhookId);
      if (!after) throw notFound();
      const { expectedVersion: _v, ...changes } = request.body;
      void _v;
      await recordAudit(db, auth, { action: 'webhook.update', targetType: 'webhook', targetId: webhookId, targetLabel: after.name, before: { name: before.name, url: before.url, minSeverity: before.minSeverity, enabled: before.enabled }, after: changes });
      return after;
    });
  });

  app.delete('/:webhookId', { config: { access: 'webhooks.manage' }, schema: { summary: 'Remove a webhook and its delivery log', tags, security, params: WebhookParams, response: { 204: { type: 'null' }, ...errorResponses(401, 403, 404) } } }, async (request, reply) => {
    const auth = requireAuth(request);
    await request.withTenant(async (db) => {
      const before = await webhookById(db, request.params.webhookId);
      if (!before || !(await deleteWebhook(db, request.params.webhookId))) throw notFound();
      await recordAudit(db, auth, { action: 'webhook.delete', targetType: 'webhook', targetId: before.id, targetLabel: before.name, before: { url: before.url } });
    });
    return reply.code(204).send(null);
  });

  app.post('/:webhookId/test', {
    config: { access: 'webhooks.manage' },
    schema: { summary: 'Send a signed test call now; the attempt is logged', tags, security, params: WebhookParams, response: { 200: DeliveryAttempt, ...errorResponses(401, 403, 404) } },
  }, async (request) => {
    const auth = requireAuth(request);
    const target = await request.withTenant((db) => webhookSecret(db, request.params.webhookId));
    if (!target) throw notFound();
    const test = await sendTest(auth.tenantId, target, await allowPrivate(request));
    await request.withTenant((db) => logTestDelivery(db, { id: test.id, webhookId: request.params.webhookId, payload: test.payload, ok: test.attempt.ok, httpStatus: test.attempt.httpStatus, error: test.attempt.error, at: new Date() }));
    return test.attempt;
  });
};

/** The delivery log of webhooks and e-mail, with the backlog (what still waits, e.g. during an SMTP outage). */
export const deliveryRoutes: RoutePlugin = async (app) => {
  app.get('/deliveries', { config: { access: 'webhooks.manage' }, schema: { summary: 'Notification deliveries, newest first, and the backlog', tags, security, querystring: DeliveryListQuery, response: { 200: DeliveryListResponse, ...errorResponses(400, 401, 403) } } }, async (request) => {
    return request.withTenant((db) => listDeliveries(db, request.query));
  });
};
