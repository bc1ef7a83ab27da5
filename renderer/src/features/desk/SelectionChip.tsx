import type { Device } from '../../../../contract/api/devices.ts';
import { useConsoleStore } from '../console/console-store.ts';

/**
 * On a popped-out map: which vehicle the desk has selected (chosen in any window) and whether the
 * map follows it, with the one action that matters here — stop following.
 */
export function SelectionChip({ devices }: { devices: readonly Device[] | undefined }) {
  const selectedId = useConsoleStore((s) => s.selectedDeviceId);
  const following = useConsoleStore((s) => s.following);
  const setFollowing = useConsoleStore((s) => s.setFollowing);
  const select = useConsoleStore((s) => s.select);
  if (!selectedId) {
    return (
      <p className="selection-chip selection-chip--none" data-testid="pane-selection" role="status">
        Select a vehicle here or in any console window
      </p>
    );
  }
  const device = devices?.find((d) => d.id === selectedId);
  return (
    <div className="selection-chip" data-testid="pane-selection" role="status" data-following={following}>
      <strong>{device?.name ?? 'Vehicle not in this fleet'}</strong>
      <span>{following ? 'Following' : 'Selected'}</span>
      <button type="button" className="button button--small" aria-pressed={following} onClick={() => setFollowing(!following)}>
        {following ? 'Stop following' : 'Follow'}
      </button>
      <button type="button" className="button button--small button--ghost" onClick={() => select(null)} aria-label="Clear the selection">
        ×
      </button>
    </div>
  );
}
