import { CreateGeofenceRequest, Geofence, GeofenceListQuery, GeofenceListResponse, GeofenceParams, UpdateGeofenceRequest, type GeofenceShape } from '../../../../contract/api/geofences.ts';
import { shapeProblem, type ShapeProblem } from '../../../../contract/geo/shape.ts';
import type { DbSession } from '../../../db/fleet-db.ts';
import { forgetGeofences } from '../../../geofences/geofence-cache.ts';
import { ApiError } from '../../../http/api-error.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { requirePermission } from '../../../tenancy/permission-guard.ts';
import { pageAfter, removedSince, syncWindow } from '../../../stream/sync-cursor.ts';

interface GeofenceRow {
  id: string; name: string; description: string | null; group_id: string | null; shape: GeofenceShape; alert_on_enter: boolean; alert_on_exit: boolean;
  created_at: Date; updated_at: Date; version: number; changed_xid: string;
}
const columns = 'id, name, description, group_id, shape, alert_on_enter, alert_on_exit, created_at, updated_at, version, changed_xid::text AS changed_xid';
const toGeofence = (r: GeofenceRow): Geofence => ({
  id: r.id, name: r.name, description: r.description, groupId: r.group_id, shape: r.shape, alertOnEnter: r.alert_on_enter, alertOnExit: r.alert_on_exit,
  createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), version: r.version,
});

/**
 * What the schema cannot say about a shape: a polygon's edges must not cross and its corners must
 * enclose an area (contract/geo, the same check the console's editor runs before sending).
 */
function checkShape(shape: GeofenceShape): void {
  const problem = shapeProblem(shape);
  if (!problem) return;
  const field = shape.type === 'polygon' ? 'shape.points' : 'shape.radiusM';
  throw new ApiError(400, 'invalid_input', `${field}: ${shapeProblemMessage(problem)}`, { field });
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

async function checkGroup(db: DbSession, groupId: string | null | undefined): Promise<void> {
  if (!groupId) return;
  const found = await db.query('SELECT 1 FROM groups WHERE id = $1', [groupId]);
  if (!found.rowCount) throw new ApiError(400, 'invalid_input', 'groupId is not a group of this tenant', { field: 'groupId' });
}

export const geofenceRoutes: RoutePlugin = async (app) => {
  const security = [{ bearerAuth: [] }];
  app.get('/', {
    prefixTrailingSlash: 'no-slash',
    schema: { summary: 'Geofences (by name, or changed since a cursor)', tags: ['geofences'], security, querystring: GeofenceListQuery, response: { 200: GeofenceListResponse, ...errorResponses(400, 401) } },
  }, async (request): Promise<GeofenceListResponse> => {
    requirePermission(request, 'geofences.read');
    const q = request.query;
    const limit = q.limit ?? 500;
    return request.withTenant(async (db) => {
      if (q.since !== undefined) {
        const since = q.since;
        const page = await syncWindow(db, since, limit, async (range) => {
          const rows = await db.query<GeofenceRow>(
            `SELECT ${columns} FROM geofences WHERE ($1::uuid IS NULL OR group_id = $1) AND changed_xid >= $2::xid8 AND changed_xid < $3::xid8
               AND (changed_xid, id) > ($4::xid8, $5::uuid) ORDER BY changed_xid, id LIMIT $6`,
            [q.groupId ?? null, range.fromXid, range.toXid, range.afterXid, range.afterId, limit + 1],
          );
          return rows.rows.map((r) => ({ item: toGeofence(r), xid: r.changed_xid, id: r.id }));
        });
        return { ...page, removedIds: await removedSince(db, 'geofence', since, page.nextCursor) };
      }
      return pageAfter(q.cursor, limit, async (after) => {
        const rows = await db.query<GeofenceRow>(
          `SELECT ${columns} FROM geofences WHERE ($1::uuid IS NULL OR group_id = $1) AND ($2::text IS NULL OR (lower(name), id) > ($2, $3::uuid))
           ORDER BY lower(name), id LIMIT $4`,
          [q.groupId ?? null, after?.key ?? null, after?.id ?? null, limit + 1],
        );
        return rows.rows.map((r) => ({ item: toGeofence(r), key: r.name.toLowerCase(), id: r.id }));
      });
    });
  });

  app.get('/:geofenceId', { schema: { summary: 'One geofence', tags: ['geofences'], security, params: GeofenceParams, response: { 200: Geofence, ...errorResponses(400, 401, 404) } } }, async (request) => {
    requirePermission(request, 'geofences.read');
    const rows = await request.withTenant((db) => db.query<GeofenceRow>(`SELECT ${columns} FROM geofences WHERE id = $1`, [request.params.geofenceId]));
    if (!rows.rows[0]) throw new ApiError(404, 'not_found', 'There is no such geofence.');
    return toGeofence(rows.rows[0]);
  });

  app.post('/', {
    prefixTrailingSlash: 'no-slash',
    schema: { summary: 'Create a geofence (polygon or circle)', tags: ['geofences'], security, body: CreateGeofenceRequest, response: { 201: Geofence, ...errorResponses(400, 401, 403) } },
  }, async (request, reply) => {
    const auth = requirePermission(request, 'geofences.manage');
    const b = request.body;
    checkShape(b.shape);
    const row = await request.withTenant(async (db) => {
      await checkGroup(db, b.groupId);
      const result = await db.query<GeofenceRow>(
        `INSERT INTO geofences (tenant_id, name, description, group_id, shape, alert_on_enter, alert_on_exit)
         VALUES (app_current_tenant(), $1, $2, $3, $4, $5, $6) RETURNING ${columns}`,
        [b.name.trim(), b.description ?? null, b.groupId ?? null, JSON.stringify(b.shape), b.alertOnEnter ?? true, b.alertOnExit ?? true],
      );
      return result.rows[0] as GeofenceRow;
    });
    forgetGeofences(auth.tenantId);
    return reply.code(201).send(toGeofence(row));
  });

  app.put('/:geofenceId', {
    schema: { summary: 'Replace a geofence (409 if expectedVersion is stale)', tags: ['geofences'], security, params: GeofenceParams, body: UpdateGeofenceRequest, response: { 200: Geofence, ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => {
    const auth = requirePermission(request, 'geofences.manage');
    const b = request.body;
    checkShape(b.shape);
    const row = await request.withTenant(async (db) => {
      await checkGroup(db, b.groupId);
      const result = await db.query<GeofenceRow>(
        `UPDATE geofences SET name = $2, description = $3, group_id = $4, shape = $5, alert_on_enter = $6, alert_on_exit = $7,
                updated_at = now(), version = version + 1, changed_xid = pg_current_xact_id()
          WHERE id = $1 AND version = $8 RETURNING ${columns}`,
        [request.params.geofenceId, b.name.trim(), b.description ?? null, b.groupId ?? null, JSON.stringify(b.shape), b.alertOnEnter ?? true, b.alertOnExit ?? true, b.expectedVersion],
      );
      if (result.rows[0]) return result.rows[0];
      const exists = await db.query<{ version: number }>('SELECT version FROM geofences WHERE id = $1', [request.params.geofenceId]);
      if (!exists.rows[0]) throw new ApiError(404, 'not_found', 'There is no such geofence.');
      throw new ApiError(409, 'conflict', `The geofence changed since you loaded it (version ${b.expectedVersion}, now ${exists.rows[0].version}).`, { field: 'expectedVersion' });
    });
    forgetGeofences(auth.tenantId);
    return toGeofence(row);
  });

  app.delete('/:geofenceId', { schema: { summary: 'Delete a geofence', tags: ['geofences'], security, params: GeofenceParams, response: { 204: { type: 'null' }, ...errorResponses(400, 401, 403, 404) } } }, async (request, reply) => {
    const auth = requirePermission(request, 'geofences.manage');
    await request.withTenant(async (db) => {
      const deleted = await db.query('DELETE FROM geofences WHERE id = $1', [request.params.geofenceId]);
      if (!deleted.rowCount) throw new ApiError(404, 'not_found', 'There is no such geofence.');
      await db.query(
        `INSERT INTO monitoring_tombstones (tenant_id, kind, id) VALUES (app_current_tenant(), 'geofence', $1)
         ON CONFLICT (tenant_id, kind, id) DO UPDATE SET changed_xid = pg_current_xact_id()`,
        [request.params.geofenceId],
      );
    });
    forgetGeofences(auth.tenantId);
    return reply.code(204).send(null);
  });
};
