import { describe, expect, it } from 'vitest';
import { adminSections } from './admin-sections.ts';

const ids = (role: Parameters<typeof adminSections>[0]) => adminSections(role, role === 'operator' ? 'provider' : 'client').map((s) => s.id);

describe('admin sections per role', () => {
  it('offers the provider its operations overview, accounts and inventory, and no tenant screens it cannot use', () => {
    expect(ids('operator')).toEqual(['operations', 'unit-health', 'support-sessions', 'accounts', 'inventory', 'geocoding', 'email', 'settings', 'audit', 'password']);
  });
  it('offers tenant admins everything of their tenant', () => {
    expect(ids('admin')).toEqual(['vehicles', 'members', 'groups', 'settings', 'plan', 'alertRules', 'webhooks', 'reports', 'audit', 'password']);
    // Consent to support access is the owner's alone (decision 0210).
    expect(ids('owner')).toEqual(['vehicles', 'members', 'groups', 'settings', 'plan', 'alertRules', 'webhooks', 'reports', 'audit', 'support-access', 'export', 'password']);
  });
  it('offers the plan only in a client account (the provider has none)', () => {
    expect(adminSections('operator', 'provider').map((s) => s.id)).not.toContain('plan');
    expect(adminSections('admin', 'client').map((s) => s.id)).toContain('plan');
  });
  it('offers dispatchers and viewers only what they can use', () => {
    expect(ids('dispatcher')).toEqual(['settings', 'password']);
    expect(ids('viewer')).toEqual(['settings', 'password']);
  });
});
