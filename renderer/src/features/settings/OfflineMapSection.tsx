import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Workspace } from '../../../../contract/bridge/session.ts';
import type { RegionPackStatus } from '../../../../contract/bridge/domains/map-packs-domain.ts';
import { BridgeError } from '../../../../contract/bridge/bridge-error.ts';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';
import { errorText } from '../../ui/error-text.ts';
import { InlineAlert } from '../../ui/InlineAlert.tsx';
import { formatAbsoluteTime } from '../../ui/relative-time.ts';
import { useRegionPackStatus } from '../map/region-pack.ts';
import { useSessionState } from '../session/use-session.ts';
import { formatBytes } from '../../ui/format-bytes.ts';
import { areaWords, detailWords } from './offline-map-words.ts';

/**
 * Settings → Offline maps: for each workspace on this computer, the map of its fleet's area kept
 * for offline use — size, what it shows, when it was downloaded — with a progress bar while it
 * downloads, and buttons to download, update or remove it.
 */
export function OfflineMapSection() {
  const session = useSessionState().data;
  const workspaces = session?.workspaces ?? [];
  return (
    <fieldset className="settings-group" data-testid="offline-maps">
      <legend>Offline maps</legend>
      <p className="settings-hint muted">
        The map of the area where each workspace’s fleet operates, kept on this computer so streets and places still show without a connection.
      </p>
      {workspaces.length === 0 ? <p className="muted">Sign in to a workspace to keep its map offline.</p> : (
        <ul className="offline-maps">
          {workspaces.map((w) => (
            <OfflineMapRow key={w.workspaceId} workspace={w} showName={workspaces.length > 1} />
          ))}
        </ul>
      )}
    </fieldset>
  );
}

function OfflineMapRow({ workspace, showName }: { workspace: Workspace; showName: boolean }) {
  const bridge = useBridge();
  const client = useQueryClient();
  const status = useRegionPackStatus(workspace.workspaceId);
  const apply = (next: RegionPackStatus) => client.setQueryData(queryKeys.regionPack(next.workspaceId), next);
  const download = useMutation({ mutationFn: () => bridge.mapPacks.download({ workspaceId: workspace.workspaceId }), onSuccess: apply });
  const remove = useMutation({ mutationFn: () => bridge.mapPacks.remove({ workspaceId: workspace.workspaceId }), onSuccess: apply });
  const data = status.data;
  const pack = data?.pack ?? null;
  const progress = data?.download ?? null;
  const failure = data?.error ? errorText(BridgeError.fromData(data.error)) : download.error ? errorText(download.error) : remove.error ? errorText(remove.error) : null;

  return (
    <li className="offline-map" data-testid="offline-map" data-workspace-id={workspace.workspaceId}>
      {showName && <p className="offline-map__name">{workspace.tenantName}</p>}
      {status.isError && <InlineAlert tone="error">{errorText(status.error)}</InlineAlert>}
      {pack ? (
        <p className="offline-map__facts">
          <strong data-testid="offline-map-size">{formatBytes(pack.bytes)}</strong> · {detailWords(pack)} · {areaWords(pack.bbox)}
          <span className="offline-map__when muted">Downloaded {formatAbsoluteTime(pack.downloadedAt)}</span>
        </p>
      ) : (
        !progress && data && <p className="muted">No offline map of this fleet’s area is stored. Offline, the map then shows streets only in the built-in Gothenburg region.</p>
      )}
      {progress && (
        <div className="offline-map__progress" role="status">
          <progress value={progress.receivedBytes} max={progress.totalBytes ?? undefined} aria-label="Offline map download" />
          <span>
            {progress.receivedBytes === 0 && progress.totalBytes === null
              ? 'The fleet server is preparing the map of this fleet’s area…'
              : `Downloading… ${formatBytes(progress.receivedBytes)}${progress.totalBytes !== null ? ` of ${formatBytes(progress.totalBytes)}` : ''}`}
          </span>
        </div>
      )}
      {failure && !progress && <InlineAlert tone="error">Could not download the offline map: {failure}</InlineAlert>}
      <div className="offline-map__actions">
        <button type="button" className="button button--small" disabled={progress !== null || download.isPending} onClick={() => download.mutate()}>
          {pack ? 'Update' : 'Download'}
        </button>
        {pack && (
          <button type="button" className="button button--small button--ghost" disabled={progress !== null || remove.isPending} onClick={() => remove.mutate()}>
            Remove
          </button>
        )}
      </div>
    </li>
  );
}
