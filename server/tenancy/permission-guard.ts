import type { FastifyRequest } from 'fastify';
import { roleLabels } from './role-labels.ts';
import { can, permissionDescriptions, supportPermissions, type Permission } from '../../contract/api/permissions.ts';
import { ApiError } from '../http/api-error.ts';
import { requireAuth, type RequestAuth } from '../plugins/app/authenticate.ts';

/**
 * The caller's auth, if their role grants `permission`; otherwise 403 with the reason. Runs
 * before any object is looked up, so a denial says nothing about whether an id exists.
 */
export function requirePermission(request: FastifyRequest, permission: Permission): RequestAuth {
  const auth = requireAuth(request);
  if (auth.support) {
    if (supportPermissions[auth.support.access].includes(permission)) return auth;
    // A read-only grant refuses writes with its own reason, so the operator knows why.
    const reason = auth.support.access === 'read' && supportPermissions.write.includes(permission) ? 'support-read-only' : 'support-not-allowed';
    throw new ApiError(403, 'forbidden', reason === 'support-read-only'
      ? `This support session is read-only: the account's owner granted read access (needs permission ${permission}).`
      : `A support session may not ${permissionDescriptions[permission]} (needs permission ${permission}).`, { reason, params: { permission, access: auth.support.access } });
  }
  if (!can(auth.role, permission)) {
    throw new ApiError(
      403,
      'forbidden',
      `As ${roleLabels[auth.role]} you may not ${permissionDescriptions[permission]} (needs permission ${permission}).`,
      { reason: 'permission-missing', params: { permission, role: auth.role } },
    );
  }
  return auth;
}
