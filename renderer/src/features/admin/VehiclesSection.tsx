import { Spinner } from '../../ui/Spinner.tsx';
import { ErrorNote } from './ErrorNote.tsx';
import { useAdminMutation, useAdminQuery } from './use-admin.ts';

interface Move {
  deviceId: string;
  groupId: string | null;
}

/** Tenant admin: which group each vehicle belongs to (the basis of dispatcher scopes). */
export function VehiclesSection({ workspaceId }: { workspaceId: string }) {
  const devices = useAdminQuery(workspaceId, 'vehicles', null, (b) => b.admin.listVehicles({ workspaceId }));
  const groups = useAdminQuery(workspaceId, 'groups', null, (b) => b.admin.listGroups({ workspaceId, query: { limit: 500 } }));
  const move = useAdminMutation(workspaceId, (b, { deviceId, groupId }: Move) => b.admin.updateVehicle({ workspaceId, deviceId, change: { groupId } }));
  if (devices.isPending) return <Spinner />;
  return (
    <div className="admin-section">
      <h3>Vehicles</h3>
      <ErrorNote error={devices.error ?? groups.error ?? move.error} />
      <table className="admin-table">
        <thead>
          <tr>
            <th>Vehicle</th>
            <th>Plate</th>
            <th>Unit id</th>
            <th>Group</th>
          </tr>
        </thead>
        <tbody>
          {devices.data?.items.map((d) => (
            <tr key={d.id}>
              <td>{d.name}</td>
              <td>{d.plate ?? '—'}</td>
              <td>{d.uniqueId}</td>
              <td>
                <select
                  className="input"
                  aria-label={`Group of ${d.name}`}
                  value={d.groupId ?? ''}
                  disabled={move.isPending}
                  onChange={(e) => move.mutate({ deviceId: d.id, groupId: e.target.value || null })}
                >
                  <option value="">No group</option>
                  {groups.data?.items.map((g) => (
                    <option key={g.id} value={g.id}>
                      {g.name}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
