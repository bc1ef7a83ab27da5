import type { FastifyInstance } from 'fastify';
import type { Permission } from '../../contract/api/permissions.ts';
import { requirePermission } from '../tenancy/permission-guard.ts';

/**
 * Who may call a route, declared in the route's own definition (`config: { access }`):
 * - a permission (contract/api/permissions.ts): a signed-in member whose role grants it;
 * - `member`: any signed-in member of the tenant (their own profile);
 * - `public`: no credential (sign-in, token exchange, health, the API document);
 * - `device`: trackers, identified by unit id and key (server/ingest, decision 0100);
 * - `scraper`: Prometheus, identified by the metrics token (server/metrics, decision 0211).
 */
export type RouteAccess = Permission | 'member' | 'public' | 'device' | 'scraper';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyInstance {
    /** Every route and its declared access, in registration order (for the listing test and docs). */
    routeAccess: { method: string; url: string; access: RouteAccess }[];
  }
}

const credentialFree = new Set<RouteAccess>(['public', 'device', 'scraper']);

/** Whether the access is a permission (to check against the caller's role). */
export function isPermission(access: RouteAccess | undefined): access is Permission {
  return access !== undefined && access !== 'member' && !credentialFree.has(access);
}

/**
 * The fleet cloud refuses to start with a route that does not say who may call it. Must be
 * added before any route is registered.
 */
export function requireDeclaredAccess(app: FastifyInstance): void {
  app.decorate('routeAccess', []);
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    const methods = Array.isArray(route.method) ? route.method.join(',') : route.method;
    if (!access) throw new Error(`Route ${methods} ${route.url} declares no access: add config: { access } (server/http/route-access.ts)`);
    if (methods === 'HEAD') return;
    app.routeAccess.push({ method: methods, url: route.url, access });
  });
}

/**
 * For the scope behind the access-token check: a declared permission is enforced before the
 * handler runs (403 naming it), and a route there cannot claim to be public.
 */
export function enforceDeclaredAccess(scope: FastifyInstance): void {
  scope.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (access && credentialFree.has(access)) throw new Error(`Route ${String(route.method)} ${route.url} is behind authentication but declares access "${access}"`);
  });
  scope.addHook('preHandler', async (request) => {
    const access = request.routeOptions.config.access;
    if (isPermission(access)) requirePermission(request, access);
  });
}
