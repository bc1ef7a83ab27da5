import type { Role } from '../../../../contract/api/auth.ts';
import { can, type Permission } from '../../../../contract/api/permissions.ts';

export type AdminSection = 'operations' | 'unit-health' | 'support-sessions' | 'support-access' | 'export' | 'accounts' | 'inventory' | 'geocoding' | 'email' | 'alertRules' | 'webhooks' | 'reports' | 'vehicles' | 'members' | 'groups' | 'settings' | 'plan' | 'audit' | 'password';

interface SectionInfo {
  id: AdminSection;
  label: string;
  /** Shown when the role has this permission (null: every member). */
  needs: Permission | null;
  /** Only in a client account's workspace (the provider has no plan of its own). */
  clientOnly?: true;
}

const sections: SectionInfo[] = [
  { id: 'operations', label: 'Operations overview', needs: 'operations.read' },
  { id: 'unit-health', label: 'Unit health', needs: 'operations.read' },
  { id: 'support-sessions', label: 'Support sessions', needs: 'support.open' },
  { id: 'accounts', label: 'Client accounts', needs: 'tenants.manage' },
  { id: 'inventory', label: 'Device inventory', needs: 'devices.assign' },
  { id: 'geocoding', label: 'Geocoding service', needs: 'providerSettings.manage' },
  { id: 'email', label: 'E-mail and webhooks', needs: 'providerSettings.manage' },
  { id: 'vehicles', label: 'Vehicles', needs: 'devices.edit' },
  { id: 'members', label: 'Users and roles', needs: 'users.manage' },
  { id: 'groups', label: 'Groups', needs: 'groups.manage' },
  { id: 'settings', label: 'Account settings', needs: 'settings.read' },
  // Admins watch the account's usage against its plan; the API lets every member read it.
  { id: 'plan', label: 'Plan and usage', needs: 'settings.manage', clientOnly: true },
  { id: 'alertRules', label: 'Alert rules', needs: 'alerts.configure' },
  { id: 'webhooks', label: 'Webhooks', needs: 'webhooks.manage' },
  { id: 'reports', label: 'Scheduled reports', needs: 'reports.manage', clientOnly: true },
  { id: 'audit', label: 'Audit log', needs: 'audit.read' },
  { id: 'support-access', label: 'Support access', needs: 'support.grant' },
  // All of the account's data, the owner's decision (decision 0250); the provider exports from Operations.
  { id: 'export', label: 'Export data', needs: 'account.export', clientOnly: true },
  { id: 'password', label: 'My password', needs: null },
];

/**
 * The admin screens a role can use, in menu order. Screens a role cannot use are not offered;
 * the server enforces the same matrix whatever the console shows.
 */
export function adminSections(role: Role, tenantKind: 'provider' | 'client' = 'client'): SectionInfo[] {
  return sections.filter((s) => (s.needs === null || can(role, s.needs)) && !(s.clientOnly && tenantKind === 'provider'));
}
