import { CreateGeofenceRequest, Geofence, GeofenceListQuery, GeofenceListResponse, GeofenceParams, UpdateGeofenceRequest, type GeofenceShape } from '../../../../contract/api/geofences.ts';
import { shapeProblem, type ShapeProblem } from '../../../../contract/geo/shape.ts';
import { forgetGeofences } from '../../../geofences/geofence-cache.ts';
import { ApiError } from '../../../http/api-error.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { requireAuth } from '../../../plugins/app/authenticate.ts';
import { createGeofence, deleteGeofence, getGeofence, listGeofences, replaceGeofence } from './geofences-repository.ts';

/**
 * What the schema cannot say about a shape: a polygon's edges must not cross and its corners must
 * enclose an area (contract/geo, the same check the console's editor runs before sending).
 */
function checkShape(shape: GeofenceShape): void {
  const problem = shapeProblem(shape);
  if (!problem) return;
  const field = shape.type === 'polygon' ? 'shape.points' : 'shape.radiusM';
  throw new ApiError(400, 'invalid_input', `${field}: ${shapeProblemMessage(problem)}`, { field, ...problem });
}

/** The English fallback for API consumers and logs; the console words these itself. */
function shapeProblemMessage(problem: ShapeProblem): string {
  switch (problem.reason) {
    case 'polygon-too-few-points': return `a polygon needs at least ${problem.params.min} points`;
    case 'polygon-too-many-points': return `a polygon may have at most ${problem.params.max} points`;
    case 'polygon-self-crossing': return `the polygon's edges ${problem.params.edge} and ${problem.params.otherEdge} cross; the outline must not cross itself`;
    case 'polygon-zero-area': return 'must enclose an area (at least three points not on one line)';
    case 'circle-radius-missing': return 'a circle needs a radius above 0';
    case 'circle-too-large': return `a circle may be at most ${problem.params.maxM} m in radius`;
  }
}

export const geofenceRoutes: RoutePlugin = async (app) => {
  const security = [{ bearerAuth: [] }];
  app.get('/', {
    config: { access: 'geofences.read' },
    prefixTrailingSlash: 'no-slash',
    schema: { summary: 'Geofences (by name, or changed since a cursor)', tags: ['geofences'], security, querystring: GeofenceListQuery, response: { 200: GeofenceListResponse, ...errorResponses(400, 401) } },
  }, async (request): Promise<GeofenceListResponse> => {
    return request.withTenant((db) => listGeofences(db, request.query));
  });

  app.get('/:geofenceId', { config: { access: 'geofences.read' }, schema: { summary: 'One geofence', tags: ['geofences'], security, params: GeofenceParams, response: { 200: Geofence, ...errorResponses(400, 401, 404) } } }, async (request) => {
    return request.withTenant((db) => getGeofence(db, request.params.geofenceId));
  });

  app.post('/', {
    config: { access: 'geofences.manage' },
    prefixTrailingSlash: 'no-slash',
    schema: { summary: 'Create a geofence (polygon or circle)', tags: ['geofences'], security, body: CreateGeofenceRequest, response: { 201: Geofence, ...errorResponses(400, 401, 403) } },
  }, async (request, reply) => {
    const auth = requireAuth(request);
    checkShape(request.body.shape);
    const created = await request.withTenant((db) => createGeofence(db, request.body));
    forgetGeofences(auth.tenantId);
    return reply.code(201).send(created);
  });

  app.put('/:geofenceId', {
    config: { access: 'geofences.manage' },
    schema: { summary: 'Replace a geofence (409 if expectedVersion is stale)', tags: ['geofences'], security, params: GeofenceParams, body: UpdateGeofenceRequest, response: { 200: Geofence, ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => {
    const auth = requireAuth(request);
    checkShape(request.body.shape);
    const replaced = await request.withTenant((db) => replaceGeofence(db, request.params.geofenceId, request.body));
    forgetGeofences(auth.tenantId);
    return replaced;
  });

  app.delete('/:geofenceId', { config: { access: 'geofences.manage' }, schema: { summary: 'Delete a geofence', tags: ['geofences'], security, params: GeofenceParams, response: { 204: { type: 'null' }, ...errorResponses(400, 401, 403, 404) } } }, async (request, reply) => {
    const auth = requireAuth(request);
    await request.withTenant((db) => deleteGeofence(db, request.params.geofenceId));
    forgetGeofences(auth.tenantId);
    return reply.code(204).send(null);
  });
};
