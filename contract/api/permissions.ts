import type { Role } from './auth.ts';

/**
 * The permission matrix: which role may do what. One table, used by the fleet cloud to enforce
 * (every route names the permission it needs) and by the console to hide what a user cannot use.
 * docs/permissions.md renders the same table for people; a test keeps the two in step.
 *
 * Group scoping comes on top: a membership may be limited to some groups, and then every
 * permission applies only to objects of those groups (PostgreSQL RLS enforces that part).
 */
export const permissions = [
  // Provider (platform operator) only: client accounts and the hardware inventory.
  'tenants.manage',
  'devices.register',
  'devices.assign',
  'audit.readAll',
  'providerSettings.manage',
  'operations.read',
  'support.open',
  // Inside a tenant.
  'devices.read',
  'devices.edit',
  'groups.read',
  'groups.manage',
  'users.read',
  'users.manage',
  'settings.read',
  'settings.manage',
  'audit.read',
  'alerts.read',
  'alerts.handle',
  'alerts.configure',
  'webhooks.manage',
  'geofences.read',
  'geofences.manage',
  'drivers.read',
  'drivers.manage',
  'drivers.assign',
  'reports.read',
  'reports.manage',
  'support.grant',
  'account.export',
] as const;
export type Permission = (typeof permissions)[number];

/** What each permission allows, in words (docs, tooltips, 403 reasons). */
export const permissionDescriptions: Record<Permission, string> = {
  'tenants.manage': 'create, rename, suspend and delete client accounts (deletion after a grace period, restorable until then); export their data; create their first users; set their plans',
  'devices.register': 'add hardware units (IMEI / dongle id) to the provider inventory',
  'devices.assign': 'assign a unit to a client account, transfer it to another, or unassign it',
  'audit.readAll': "read every account's audit log",
  'providerSettings.manage': "read and change the provider's own settings (the geocoding service, the SMTP server, private webhook addresses) and see the mail backlog",
  'operations.read': "see every account's counts and health (units reporting, ingest rates, storage, users, alerts), never its positions, trips or users; download the monthly usage CSV for billing",
  'devices.read': 'see vehicles and their live state (within the group scope)',
  'devices.edit': 'edit vehicle details (name, plate, VIN, type) and move vehicles between groups',
  'groups.read': 'see groups (within the group scope)',
  'groups.manage': 'create, rename and delete groups',
  'users.read': 'see the members of the account and their roles',
  'users.manage': 'create users, change roles and group scopes, remove members',
  'settings.read': "read the account's settings (units, time zone, thresholds, map)",
  'settings.manage': "change the account's settings",
  'audit.read': "read the account's audit log",
  'alerts.read': 'see alerts (within the group scope)',
  'alerts.handle': 'acknowledge, assign, annotate and resolve alerts',
  'alerts.configure': 'edit the alert rules: types on or off, severity, thresholds, groups, quiet hours, escalation, e-mail recipients',
  'webhooks.manage': 'add, test, change and remove webhooks and read the notification delivery log',
  'geofences.read': 'see geofences',
  'geofences.manage': 'create, edit and delete geofences (deleting one deletes its recorded visits)',
  'drivers.read': 'see drivers and who drove which vehicle when',
  'drivers.manage': 'create, edit and delete drivers (name, employee number, licence expiry, group, tag id)',
  'drivers.assign': 'assign a driver to a vehicle for a period, or end an assignment',
  'support.open': 'open a client account for support under the access its owner granted (read-only or read-write, for a limited time; every action goes to that account\'s audit log)',
  'support.grant': 'grant the provider time-boxed support access to the account (1–72 hours, read-only or read-write, optionally limited to groups), see and revoke grants',
  'account.export': "download all of the account's data (a ZIP of CSV and JSON files with a manifest)",
  'reports.read': "read the fleet's figures (insights: distance, driving, idling, speeding, harsh events per vehicle and driver) and its reports (trips, stops, idling, speeding, geofence visits, DTC history, daily summary, driver scorecard; within the group scope)",
  'reports.manage': 'schedule reports e-mailed daily, weekly or monthly (selection, formats, recipients), see their deliveries and failures, and send one now',
};

const tenantRead: Permission[] = ['devices.read', 'groups.read', 'settings.read', 'alerts.read', 'geofences.read', 'drivers.read', 'reports.read'];
const tenantAdmin: Permission[] = [
  ...tenantRead,
  'devices.edit',
  'groups.manage',
  'users.read',
  'users.manage',
  'settings.manage',
  'audit.read',
  'alerts.handle',
  'alerts.configure',
  'webhooks.manage',
  'geofences.manage',
  'drivers.manage',
  'drivers.assign',
  'reports.manage',
];

/** The matrix as data. `operator` exists only in the provider tenant. */
export const rolePermissions: Record<Role, readonly Permission[]> = {
  owner: [...tenantAdmin, 'support.grant', 'account.export'],
  admin: tenantAdmin,
  dispatcher: [...tenantRead, 'alerts.handle', 'geofences.manage', 'drivers.assign'],
  viewer: tenantRead,
  // The provider tenant has no fleet of its own, but its workspace opens like any other, so its
  // operators read it (empty) rather than meet errors in the monitoring screens.
  operator: [...tenantRead, 'tenants.manage', 'devices.register', 'devices.assign', 'audit.readAll', 'providerSettings.manage', 'operations.read', 'support.open', 'audit.read', 'users.read'],
};

export function can(role: Role, permission: Permission): boolean {
  return rolePermissions[role].includes(permission);
}

/**
 * Roles a member with `actor` may grant or take away. Admins manage everyone but owners; only an
 * owner makes owners. Nobody inside a client tenant can create provider operators.
 */
export function assignableRoles(actor: Role): readonly Role[] {
  switch (actor) {
    case 'owner':
      return ['owner', 'admin', 'dispatcher', 'viewer'];
    case 'admin':
      return ['admin', 'dispatcher', 'viewer'];
    case 'operator':
      return ['owner', 'admin', 'dispatcher', 'viewer'];
    default:
      return [];
  }
}

/**
 * What an operator may do in a client account during a support session (decision 0210): with a
 * read grant, everything an admin may read; with a write grant, what an admin may do except
 * managing members (support never creates people or hands out roles) and granting support.
 * The role in the token stays `operator`; these lists replace its matrix row for the session.
 */
export const supportPermissions: Record<'read' | 'write', readonly Permission[]> = {
  read: [...tenantRead, 'users.read', 'audit.read'],
  write: tenantAdmin.filter((p) => p !== 'users.manage'),
};

/** Roles that see every group of their tenant; the others may be limited to some groups. */
export const unscopedRoles: readonly Role[] = ['owner', 'admin', 'operator'];
