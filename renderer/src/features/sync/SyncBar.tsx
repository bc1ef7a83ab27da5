import type { SyncStatus } from '../../../../contract/bridge/domains/sync-domain.ts';
import { formatAbsoluteTime, formatRelativeTime } from '../../ui/relative-time.ts';
import { Spinner } from '../../ui/Spinner.tsx';
import { countOf } from '../../ui/plural.ts';
import { useUnits } from '../../ui/units.ts';
import { useNow } from '../../ui/use-now.ts';
import { useSyncStatus } from './use-sync-status.ts';
import './sync.css';

/**
 * Both read the workspace's sync status themselves: it changes with every page and track of a
 * sync ("Downloading trips…" reports each one), and a frame that held it re-rendered the whole
 * console each time (docs/decisions/0271-live-console-renders-only-what-changed.md).
 */
interface Props {
  workspaceId: string;
  /** The status the fleet snapshot carried, shown until the engine's own answer arrives. */
  fromSnapshot?: SyncStatus | null;
}

/**
 * The offline banner: impossible to miss when the fleet cloud is unreachable (everything on
 * screen is then the cache, and a dispatcher must know how old it is), quiet otherwise.
 */
export function SyncBar({ workspaceId, fromSnapshot = null }: Props) {
  const status = useSyncStatus(workspaceId, fromSnapshot).data;
  const now = useNow(10_000);
  const units = useUnits();
  if (!status) return null;
  if (status.state === 'offline') {
    return (
      <div className="sync-bar sync-bar--offline" role="status" data-testid="offline-banner">
        <span className="sync-bar__icon" aria-hidden="true">
          ⚠
        </span>
        <strong>Offline — showing cached data.</strong>
        <span>
          Last synced{' '}
          <time dateTime={status.lastSyncedAt ?? undefined} title={formatAbsoluteTime(status.lastSyncedAt, units.dateTime)}>
            {status.lastSyncedAt ? formatRelativeTime(status.lastSyncedAt, now, units.date) : 'never'}
          </time>
          {status.pendingActions > 0 && ` · ${countOf(status.pendingActions, 'action', 'actions', units.number)} waiting to send`}
        </span>
        {status.lastError && <span className="sync-bar__reason">{status.lastError}</span>}
      </div>
    );
  }
  if (status.state === 'syncing' || status.progress) {
    const p = status.progress;
    return (
      <div className="sync-bar sync-bar--syncing" role="status">
        <Spinner />
        <span>{p ? `${p.phase}…` : 'Syncing…'}</span>
        {p && p.total > 0 && (
          <progress className="sync-bar__progress" max={p.total} value={p.done} aria-label={p.phase}>
            {Math.round((p.done / p.total) * 100)}%
          </progress>
        )}
      </div>
    );
  }
  return null;
}

/**
 * The header's always-visible connection state: "Live", "Syncing 40 %" while a sync reports its
 * progress, or "Offline · last synced 5 min ago"; the exact time of the last sync on hover.
 */
export function SyncIndicator({ workspaceId, fromSnapshot = null }: Props) {
  const status = useSyncStatus(workspaceId, fromSnapshot).data;
  const now = useNow(10_000);
  const units = useUnits();
  if (!status) return null;
  const p = status.progress;
  const percent = p && p.total > 0 ? ` ${units.number(Math.floor((p.done / p.total) * 100))} %` : '…';
  const label = status.state === 'offline' ? 'Offline' : status.state === 'syncing' || p ? `Syncing${percent}` : 'Live';
  const synced = status.lastSyncedAt ? formatRelativeTime(status.lastSyncedAt, now, units.date) : 'never';
  return (
    <span className={`sync-dot sync-dot--${status.state}`} role="status" data-testid="connection-state" title={`Last synced: ${formatAbsoluteTime(status.lastSyncedAt, units.dateTime)}`}>
      <span className="sync-dot__dot" aria-hidden="true" />
      {label}
      {status.state === 'offline' && <span className="muted"> · last synced {synced}</span>}
    </span>
  );
}
