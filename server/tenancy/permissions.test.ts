import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { permissionMatrixMarkdown } from '../../contract/api/permission-matrix.ts';
import { assignableRoles, can, rolePermissions, unscopedRoles } from '../../contract/api/permissions.ts';

describe('permission matrix', () => {
  it('is written down in docs/permissions.md and the README exactly as enforced', async () => {
    const table = permissionMatrixMarkdown();
    const docs = await readFile(new URL('../../docs/permissions.md', import.meta.url), 'utf8');
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    expect(docs).toContain(table);
    expect(readme).toContain(table);
  });

  it('keeps provider powers with the provider and admin powers with owners and admins', () => {
    for (const role of ['owner', 'admin', 'dispatcher', 'viewer'] as const) {
      expect(can(role, 'tenants.manage')).toBe(false);
      expect(can(role, 'devices.assign')).toBe(false);
    }
    expect(can('dispatcher', 'users.manage')).toBe(false);
    expect(can('viewer', 'alerts.handle')).toBe(false);
    expect(can('admin', 'settings.manage')).toBe(true);
    expect(rolePermissions.viewer.every((p) => p.endsWith('.read'))).toBe(true);
  });

  it('never lets a role grant more than it holds, nor create provider operators', () => {
    expect(assignableRoles('admin')).not.toContain('owner');
    for (const role of ['owner', 'admin', 'dispatcher', 'viewer', 'operator'] as const) expect(assignableRoles(role)).not.toContain('operator');
    expect(assignableRoles('dispatcher')).toEqual([]);
    expect(unscopedRoles).toEqual(['owner', 'admin', 'operator']);
  });
});
