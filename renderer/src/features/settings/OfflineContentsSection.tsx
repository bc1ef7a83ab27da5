import { useQuery } from '@tanstack/react-query';
import type { OfflineData } from '../../../../contract/bridge/domains/sync-domain.ts';
import type { Workspace } from '../../../../contract/bridge/session.ts';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';
import { errorText } from '../../ui/error-text.ts';
import { countOf } from '../../ui/plural.ts';
import { formatAbsoluteTime } from '../../ui/relative-time.ts';
import { useUnits } from '../../ui/units.ts';
import { useSessionState } from '../session/use-session.ts';
import { formatBytes } from '../../ui/format-bytes.ts';

const kindWords: Record<OfflineData['kind'], [string, string]> = {
  vehicles: ['vehicle', 'vehicles'],
  positions: ['last position', 'last positions'],
  alerts: ['alert', 'alerts'],
  geofences: ['geofence', 'geofences'],
  health: ['health report', 'health reports'],
  addresses: ['address', 'addresses'],
  insights: ['fleet insights view', 'fleet insights views'],
  pendingActions: ['action waiting to send', 'actions waiting to send'],
};

/**
 * Settings → Available offline: per workspace, what the engine's cache on this computer holds —
 * trips per day (with how many can be replayed) and each kind of data, with sizes — so a
 * dispatcher knows before losing the connection what will still be there.
 */
export function OfflineContentsSection() {
  const workspaces = useSessionState().data?.workspaces ?? [];
  return (
    <fieldset className="settings-group" data-testid="available-offline">
      <legend>Available offline</legend>
      {workspaces.length === 0 ? <p className="muted">Sign in to a workspace to keep its data offline.</p> : workspaces.map((w) => <WorkspaceContents key={w.workspaceId} workspace={w} />)}
    </fieldset>
  );
}

function WorkspaceContents({ workspace }: { workspace: Workspace }) {
  const bridge = useBridge();
  const units = useUnits();
  const contents = useQuery({ queryKey: queryKeys.offlineContents(workspace.workspaceId), queryFn: () => bridge.cache.contents({ workspaceId: workspace.workspaceId }), staleTime: 0 });
  const c = contents.data;
  const replayable = c?.days.reduce((sum, d) => sum + d.tracksCached, 0) ?? 0;
  const trips = c?.days.reduce((sum, d) => sum + d.trips, 0) ?? 0;
  return (
    <details className="offline-contents" open>
      <summary>
        <strong>{workspace.tenantName}</strong>{' '}
        {c && (
          <span className="muted">
            {formatBytes(c.fileBytes)} · {countOf(trips, 'trip', 'trips', units.number)} on {countOf(c.days.length, 'day', 'days', units.number)}, {units.number(replayable)} replayable
          </span>
        )}
      </summary>
      {contents.isPending && <p className="muted">Reading the offline cache…</p>}
      {contents.isError && <p className="field__error">Could not read the offline cache: {errorText(contents.error)}</p>}
      {c && (
        <>
          <p className="settings-hint muted">
            {c.lastSyncedAt ? `Last synced ${formatAbsoluteTime(c.lastSyncedAt, units.dateTime)}.` : 'Not synced on this computer yet.'} Trips of the last {countOf(c.tripWindowDays, 'day', 'days', units.number)} are kept, days in {c.timeZone}.
          </p>
          <ul className="offline-contents__data">
            {c.data.filter((d) => d.count > 0 || d.kind === 'vehicles').map((d) => (
              <li key={d.kind}>
                {countOf(d.count, kindWords[d.kind][0], kindWords[d.kind][1], units.number)} <span className="muted">{formatBytes(d.bytes)}</span>
              </li>
            ))}
          </ul>
          {c.days.length === 0 ? (
            <p className="muted">{c.lastSyncedAt ? `No trips in the last ${countOf(c.tripWindowDays, 'day', 'days', units.number)}.` : 'No trips kept offline yet: they arrive with the first sync.'}</p>
          ) : (
            <div className="offline-contents__scroll">
            <table className="offline-contents__days" aria-label="Trips kept offline per day">
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">Trips</th>
                  <th scope="col">Replayable</th>
                  <th scope="col">Size</th>
                </tr>
              </thead>
              <tbody>
                {c.days.map((d) => (
                  <tr key={d.day}>
                    <th scope="row">{units.date(Date.parse(`${d.day}T12:00:00Z`))}</th>
                    <td>{units.number(d.trips)}</td>
                    <td>{d.tracksCached === d.trips ? 'all' : units.number(d.tracksCached)}</td>
                    <td>{formatBytes(d.bytes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
          )}
        </>
      )}
    </details>
  );
}
