import { describe, expect, it } from 'vitest';
import { adminSections } from './admin-sections.ts';

const ids = (role: Parameters<typeof adminSections>[0]) => adminSections(role).map((s) => s.id);

describe('admin sections per role', () => {
  it('offers the provider its operations overview, accounts and inventory, and no tenant screens it cannot use', () => {
    expect(ids('operator')).toEqual(['operations', 'unit-health', 'accounts', 'inventory', 'geocoding', 'email', 'settings', 'audit', 'password']);
  });
  it('offers tenant admins everything of their tenant', () => {
    expect(ids('admin')).toEqual(['vehicles', 'members', 'groups', 'settings', 'alertRules', 'webhooks', 'audit', 'password']);
    expect(ids('owner')).toEqual(ids('admin'));
  });
  it('offers dispatchers and viewers only what they can use', () => {
    expect(ids('dispatcher')).toEqual(['settings', 'password']);
    expect(ids('viewer')).toEqual(['settings', 'password']);
  });
});
