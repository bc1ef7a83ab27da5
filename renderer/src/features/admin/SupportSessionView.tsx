import { useEffect, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { Device } from '../../../../contract/api/devices.ts';
import type { ActiveSupportGrant } from '../../../../contract/api/support.ts';
import { BridgeError } from '../../../../contract/bridge/bridge-error.ts';
import { useBridge } from '../../bridge/bridge-context.ts';
import { Spinner } from '../../ui/Spinner.tsx';
import { useNow } from '../../ui/use-now.ts';
import { toast } from '../../ui/toast/toast-store.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { adminKey } from './use-admin.ts';
import { supportBannerWords } from './support-words.ts';

const grantEnded = (error: unknown) => error instanceof BridgeError && error.reason === 'support-grant-ended';

/**
 * One client account seen by support, under its owner's grant (decision 0210): an unmissable
 * banner says whose account, how (read-only / read-write) and until when; the vehicles of the
 * account (within the grant's groups) with a rename, which a read-only grant refuses with the
 * reason. When the grant ends (expired, revoked) the data goes away and the banner says so.
 */
export function SupportSessionView({ workspaceId, grant, onClose }: { workspaceId: string; grant: ActiveSupportGrant; onClose(): void }) {
  const bridge = useBridge();
  const now = useNow(15_000);
  const tenantId = grant.tenantId;
  const session = useQuery({ queryKey: adminKey(workspaceId, 'support-session', tenantId), queryFn: () => bridge.support.open({ workspaceId, tenantId }), retry: false });
  const vehicles = useQuery({
    queryKey: adminKey(workspaceId, 'support-vehicles', tenantId),
    queryFn: () => bridge.support.vehicles({ workspaceId, tenantId }),
    enabled: session.isSuccess,
    retry: false,
  });
  const rename = useMutation({
    mutationFn: ({ device, name }: { device: Device; name: string }) => bridge.support.renameVehicle({ workspaceId, tenantId, deviceId: device.id, name }),
    onSuccess: (device) => (toast.success(`Renamed to ${device.name}`), void vehicles.refetch()),
  });
  const [editing, setEditing] = useState<{ id: string; name: string } | null>(null);
  useEffect(() => () => void bridge.support.close({ workspaceId, tenantId }).catch(() => undefined), [bridge, workspaceId, tenantId]);

  const terms = session.data?.grant ?? grant;
  const ended = grantEnded(session.error) || grantEnded(vehicles.error) || grantEnded(rename.error) || Date.parse(terms.expiresAt) <= now;
  const banner = supportBannerWords(terms.tenantName, terms.access, ended ? 0 : Date.parse(terms.expiresAt) - now);
  const endedError = [session.error, vehicles.error, rename.error].find(grantEnded);

  return (
    <div className="admin-section support-session">
      <div className={`support-banner${ended ? ' support-banner--ended' : ''}`} role="status" aria-label="Support session">
        <strong>{banner}</strong>
        <button type="button" className="button" onClick={onClose}>
          {ended ? 'Back to support sessions' : 'End support session'}
        </button>
      </div>
      {ended ? (
        <ErrorNote error={endedError ?? new BridgeError('forbidden', 'The support access has expired.', undefined, { reason: 'support-grant-ended', params: { state: 'expired' } })} />
      ) : (
        <>
          <div className="support-session__toolbar">
            <h3>Vehicles of {terms.tenantName}</h3>
            <button type="button" className="button" onClick={() => void vehicles.refetch()}>
              Refresh
            </button>
          </div>
          <ErrorNote error={session.error ?? vehicles.error ?? rename.error} />
          {session.isPending || vehicles.isPending ? (
            <Spinner />
          ) : (
            <table className="admin-table" aria-label={`Vehicles of ${terms.tenantName}`}>
              <thead>
                <tr>
                  <th>Vehicle</th>
                  <th>Plate</th>
                  <th>Type</th>
                  <th>Status</th>
                  <th aria-label="Actions" />
                </tr>
              </thead>
              <tbody>
                {vehicles.data?.items.map((d: Device) => (
                  <tr key={d.id}>
                    <td>
                      {editing?.id === d.id ? (
                        <input className="input" aria-label={`New name for ${d.name}`} value={editing.name} onChange={(e) => setEditing({ id: d.id, name: e.target.value })} />
                      ) : (
                        d.name
                      )}
                    </td>
                    <td>{d.plate ?? '—'}</td>
                    <td>{d.vehicleType}</td>
                    <td>{d.status}</td>
                    <td className="admin-table__actions">
                      {editing?.id === d.id ? (
                        <>
                          <button type="button" className="button button--primary" disabled={rename.isPending || editing.name.trim() === ''} onClick={() => rename.mutate({ device: d, name: editing.name.trim() }, { onSuccess: () => setEditing(null) })}>
                            Save
                          </button>
                          <button type="button" className="button button--link" onClick={() => (setEditing(null), rename.reset())}>
                            Cancel
                          </button>
                        </>
                      ) : (
                        <button type="button" className="button button--link" onClick={() => setEditing({ id: d.id, name: d.name })}>
                          Rename
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}
