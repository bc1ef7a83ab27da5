import type { FormEvent } from 'react';
import type { Group } from '../../../../contract/api/groups.ts';
import { Spinner } from '../../ui/Spinner.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { ErrorNote } from './ErrorNote.tsx';
import { toast } from '../../ui/toast/toast-store.ts';
import { field, useAdminMutation, useAdminQuery } from './use-admin.ts';

/** Tenant admin: the groups (depots, departments) vehicles and dispatchers belong to. */
export function GroupsSection({ workspaceId }: { workspaceId: string }) {
  const groups = useAdminQuery(workspaceId, 'groups', null, (b) => b.admin.listGroups({ workspaceId, query: { limit: 500 } }));
  const create = useAdminMutation(workspaceId, (b, name: string) => b.admin.createGroup({ workspaceId, group: { name } }));
  const remove = useAdminMutation(workspaceId, (b, group: Group) => b.admin.deleteGroup({ workspaceId, groupId: group.id }));
  const onCreate = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const name = field(new FormData(form), 'name');
    create.mutate(name, { onSuccess: () => (form.reset(), toast.success(`Group ${name} created`)) });
  };
  return (
    <div className="admin-section">
      <h3>Groups</h3>
      <form className="admin-form admin-form--inline" onSubmit={onCreate}>
        <TextField id="group-name" name="name" label="New group" required />
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          Create group
        </button>
      </form>
      <ErrorNote error={create.error ?? remove.error ?? groups.error} />
      {groups.isPending ? (
        <Spinner />
      ) : (
        <table className="admin-table">
          <thead>
            <tr>
              <th>Group</th>
              <th>Vehicles</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {groups.data?.items.map((g) => (
              <tr key={g.id}>
                <td>{g.name}</td>
                <td>{g.deviceCount}</td>
                <td className="admin-table__actions">
                  <button type="button" className="button button--link" onClick={() => remove.mutate(g)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
