import type { FormEvent } from 'react';
import type { Role } from '../../../../contract/api/auth.ts';
import { assignableRoles, unscopedRoles } from '../../../../contract/api/permissions.ts';
import type { Member } from '../../../../contract/api/users.ts';
import { Spinner } from '../../ui/Spinner.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { roleLabel } from '../workspace/workspace-labels.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { toast } from '../../ui/toast/toast-store.ts';
import { field, useAdminMutation, useAdminQuery } from './use-admin.ts';

/** Tenant admin: members with role and group scope; create users, change roles, remove. */
export function MembersSection({ workspaceId, role, username }: { workspaceId: string; role: Role; username: string }) {
  const members = useAdminQuery(workspaceId, 'members', null, (b) => b.admin.listMembers({ workspaceId, query: { limit: 500 } }));
  const groups = useAdminQuery(workspaceId, 'groups', null, (b) => b.admin.listGroups({ workspaceId, query: { limit: 500 } }));
  const create = useAdminMutation(workspaceId, (b, form: FormData) => {
    const newRole = field(form, 'role') as Role;
    const groupIds = form.getAll('groupIds').map(String);
    return b.admin.createMember({
      workspaceId,
      user: {
        username: field(form, 'username'),
        displayName: field(form, 'displayName'),
        password: String(form.get('password') ?? ''),
        role: newRole,
        ...(groupIds.length && !unscopedRoles.includes(newRole) ? { groupIds } : {}),
      },
    });
  });
  const remove = useAdminMutation(workspaceId, (b, member: Member) => b.admin.removeMember({ workspaceId, userId: member.id }));
  const changeRole = useAdminMutation(workspaceId, (b, input: { member: Member; role: Role }) =>
    b.admin.updateMember({ workspaceId, userId: input.member.id, change: { role: input.role } }),
  );
  const roles = assignableRoles(role);
  const groupName = new Map(groups.data?.items.map((g) => [g.id, g.name]));

  const onCreate = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get('displayName') ?? new FormData(form).get('username') ?? '');
    create.mutate(new FormData(form), { onSuccess: () => (form.reset(), toast.success(name ? `User ${name} added` : 'User added')) });
  };

  return (
    <div className="admin-section">
      <h3>Users and roles</h3>
      {members.isPending ? (
        <Spinner />
      ) : (
        <table className="admin-table">
          <thead>
            <tr>
              <th>User</th>
              <th>Name</th>
              <th>Role</th>
              <th>Groups</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {members.data?.items.map((m) => (
              <tr key={m.id}>
                <td>{m.username}</td>
                <td>{m.displayName}</td>
                <td>
                  {roles.includes(m.role) && m.username !== username ? (
                    <select className="input" aria-label={`Role of ${m.username}`} value={m.role} disabled={changeRole.isPending} onChange={(e) => changeRole.mutate({ member: m, role: e.target.value as Role })}>
                      {roles.map((r) => (
                        <option key={r} value={r}>
                          {roleLabel(r)}
                        </option>
                      ))}
                    </select>
                  ) : (
                    roleLabel(m.role)
                  )}
                </td>
                <td>{m.groupIds ? m.groupIds.map((id) => groupName.get(id) ?? id).join(', ') : 'All groups'}</td>
                <td className="admin-table__actions">
                  {roles.includes(m.role) && m.username !== username && (
                    <button type="button" className="button button--link" onClick={() => remove.mutate(m)}>
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorNote error={members.error ?? remove.error ?? changeRole.error} />
      <form className="admin-form" onSubmit={onCreate} aria-label="New user">
        <h4>New user</h4>
        <TextField id="m-username" name="username" label="Username" required autoComplete="off" />
        <TextField id="m-display" name="displayName" label="Full name" required />
        <TextField id="m-password" name="password" type="password" label="Initial password" hint="At least 10 characters, not containing the username." required autoComplete="new-password" />
        <label className="field__label" htmlFor="m-role">
          Role
        </label>
        <select id="m-role" name="role" className="input" defaultValue="dispatcher">
          {roles.map((r) => (
            <option key={r} value={r}>
              {roleLabel(r)}
            </option>
          ))}
        </select>
        <fieldset className="admin-fieldset">
          <legend>Limit to groups (dispatchers and viewers; none ticked = all groups)</legend>
          {groups.data?.items.map((g) => (
            <label key={g.id} className="admin-check">
              <input type="checkbox" name="groupIds" value={g.id} /> {g.name}
            </label>
          ))}
        </fieldset>
        <ErrorNote error={create.error} />
        <div className="admin-form__actions">
          <button type="submit" className="button button--primary" disabled={create.isPending}>
            Create user
          </button>
        </div>
      </form>
    </div>
  );
}
