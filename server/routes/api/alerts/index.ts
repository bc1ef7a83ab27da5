import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AcknowledgeAlertRequest, AddAlertNoteRequest, Alert, AlertConflictBody, AlertListQuery, AlertListResponse, AlertParams, AssigneeListResponse, AssignAlertRequest,
  BulkAlertRequest, BulkAlertResponse, ResolveAlertRequest,
} from '../../../../contract/api/alerts.ts';
import { actOnAlert, alertsByIds, listAlerts, type AlertAction } from '../../../alerts/alerts-repository.ts';
import { ApiError } from '../../../http/api-error.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { requireAuth } from '../../../plugins/app/authenticate.ts';
import { appendEvents } from '../../../stream/stream-log.ts';
import { listAlertAssignees } from './assignees-repository.ts';
import { actOnAlerts } from './bulk-actions.ts';

async function act(request: FastifyRequest, reply: FastifyReply, alertId: string, expectedVersion: number | undefined, action: AlertAction) {
  const auth = requireAuth(request);
  const outcome = await request.withTenant(async (db) => {
    const result = await actOnAlert(db, alertId, auth.userId, expectedVersion, action);
    // Other consoles learn about the change on the stream, in the same transaction.
    if (result.ok) await appendEvents(db, auth.tenantId, [{ type: 'alert', alert: result.alert }]);
    return result;
  });
  if (outcome.ok) return outcome.alert;
  if (outcome.reason === 'not_found') throw new ApiError(404, 'not_found', 'There is no such alert.', { reason: 'not-found', params: { kind: 'alert' } });
  if (outcome.reason === 'invalid') throw new ApiError(400, 'invalid_input', outcome.message, { field: 'assigneeId', reason: 'assignee-invalid' });
  const body: AlertConflictBody = { error: 'conflict', ...outcome.why, message: outcome.message, current: outcome.current };
  return reply.code(409).send(body);
}

const actionSchema = <B>(summary: string, body: B) => ({
  summary, tags: ['alerts'], security: [{ bearerAuth: [] }], params: AlertParams, body,
  response: { 200: Alert, 409: AlertConflictBody, ...errorResponses(400, 401, 403, 404) },
});

export const alertRoutes: RoutePlugin = async (app) => {
  app.get('/', {
    config: { access: 'alerts.read' },
    prefixTrailingSlash: 'no-slash',
    schema: { summary: 'Alerts (newest first, filtered; or changed since a cursor)', tags: ['alerts'], security: [{ bearerAuth: [] }], querystring: AlertListQuery, response: { 200: AlertListResponse, ...errorResponses(400, 401) } },
  }, async (request): Promise<AlertListResponse> => {
    return request.withTenant((db) => listAlerts(db, request.query));
  });

  // Declared before '/:alertId'; find-my-way prefers the static segment anyway.
  app.get('/assignees', {
    config: { access: 'alerts.handle' },
    schema: { summary: 'People alerts can be assigned to (id and display name)', tags: ['alerts'], security: [{ bearerAuth: [] }], response: { 200: AssigneeListResponse, ...errorResponses(401, 403) } },
  }, async (request): Promise<AssigneeListResponse> => {
    return { items: await request.withTenant((db) => listAlertAssignees(db)) };
  });

  app.post('/bulk', {
    config: { access: 'alerts.handle' },
    schema: { summary: 'Many actions in one request (e.g. 500 acknowledgements); each succeeds or is refused on its own', tags: ['alerts'], security: [{ bearerAuth: [] }], body: BulkAlertRequest, response: { 200: BulkAlertResponse, ...errorResponses(400, 401, 403) } },
  }, async (request): Promise<BulkAlertResponse> => {
    const auth = requireAuth(request);
    const ids = request.body.actions.map((a) => a.alertId);
    if (new Set(ids).size !== ids.length) throw new ApiError(400, 'invalid_input', 'actions names an alert more than once', { field: 'actions', reason: 'schema-violation', params: { field: 'actions', rule: 'uniqueItems' } });
    return { results: await request.withTenant((db) => actOnAlerts(db, auth, request.body.actions)) };
  });

  app.get('/:alertId', {
    config: { access: 'alerts.read' },
    schema: { summary: 'One alert', tags: ['alerts'], security: [{ bearerAuth: [] }], params: AlertParams, response: { 200: Alert, ...errorResponses(400, 401, 404) } },
  }, async (request): Promise<Alert> => {
    const [alert] = await request.withTenant((db) => alertsByIds(db, [request.params.alertId]));
    if (!alert) throw new ApiError(404, 'not_found', 'There is no such alert.', { reason: 'not-found', params: { kind: 'alert' } });
    return alert;
  });

  app.post('/:alertId/acknowledge', { config: { access: 'alerts.handle' }, schema: actionSchema('Acknowledge (optionally with a note)', AcknowledgeAlertRequest) },
    (request, reply) => act(request, reply, request.params.alertId, request.body.expectedVersion, { kind: 'acknowledge', note: request.body.note }));
  app.post('/:alertId/resolve', { config: { access: 'alerts.handle' }, schema: actionSchema('Resolve (optionally with a note)', ResolveAlertRequest) },
    (request, reply) => act(request, reply, request.params.alertId, request.body.expectedVersion, { kind: 'resolve', note: request.body.note }));
  app.post('/:alertId/assign', { config: { access: 'alerts.handle' }, schema: actionSchema('Assign to a member, or unassign with null', AssignAlertRequest) },
    (request, reply) => act(request, reply, request.params.alertId, request.body.expectedVersion, { kind: 'assign', assigneeId: request.body.assigneeId }));
  app.post('/:alertId/notes', { config: { access: 'alerts.handle' }, schema: actionSchema('Add a note', AddAlertNoteRequest) },
    (request, reply) => act(request, reply, request.params.alertId, request.body.expectedVersion, { kind: 'note', text: request.body.text }));
};
