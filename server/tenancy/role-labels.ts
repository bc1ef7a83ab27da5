import type { Role } from '../../contract/api/auth.ts';

/** Roles as people say them, for messages. */
export const roleLabels: Record<Role, string> = {
  owner: 'an owner',
  admin: 'an admin',
  dispatcher: 'a dispatcher',
  viewer: 'a viewer',
  operator: 'a provider operator',
};
