import { useEffect } from 'react';
import type { DeskSelection } from '../../../../contract/bridge/domains/desk-domain.ts';
import { useBridge } from '../../bridge/bridge-context.ts';
import { useConsoleStore } from '../console/console-store.ts';

export interface SharedSelectionOptions {
  /**
   * A map on a second monitor brings every vehicle selected elsewhere into view: the dispatcher
   * picked it on the other screen and looks here for where it is.
   */
  flyToSelections: boolean;
}

/**
 * Keeps this window's selection (selected vehicle, follow mode) the same as every other console
 * window's, through the engine (docs/decisions/0180-pop-out-windows-share-the-selection-through-the-engine.md):
 * a local change is sent with `desk.select`; a change announced by another window is applied to
 * the console store without being sent back. Selections are ordered by the engine's seq, so a
 * late echo can never undo a newer choice.
 */
export function useSharedSelection(workspaceId: string, options: SharedSelectionOptions): void {
  const bridge = useBridge();
  const { flyToSelections } = options;
  useEffect(() => {
    const windowId = crypto.randomUUID();
    let newest = 0;
    let applying = false;
    const apply = (shared: DeskSelection) => {
      if (shared.workspaceId !== workspaceId || shared.seq <= newest) return;
      newest = shared.seq;
      if (shared.windowId === windowId) return;
      const local = useConsoleStore.getState();
      applying = true;
      try {
        const moved = shared.deviceId !== local.selectedDeviceId;
        if (moved || shared.focus) local.select(shared.deviceId, { focus: shared.focus || (flyToSelections && moved && shared.deviceId !== null) });
        if (useConsoleStore.getState().following !== shared.following) local.setFollowing(shared.following);
      } finally {
        applying = false;
      }
    };
    const off = bridge.onDeskSelection(apply);
    // A window opened after something was selected starts from that selection.
    void bridge.desk.selection({ workspaceId }).then(apply, () => undefined);
    const unsubscribe = useConsoleStore.subscribe((next, prev) => {
      if (applying) return;
      const focus = next.focusRequest !== prev.focusRequest;
      if (!focus && next.selectedDeviceId === prev.selectedDeviceId && next.following === prev.following) return;
      // A failure leaves the other windows on the previous selection; this one is still right.
      void bridge.desk.select({ workspaceId, deviceId: next.selectedDeviceId, following: next.following, focus, windowId }).catch(() => undefined);
    });
    return () => {
      off();
      unsubscribe();
    };
  }, [bridge, workspaceId, flyToSelections]);
}
