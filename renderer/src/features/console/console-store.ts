import { create } from 'zustand';

export const panelNames = ['vehicle', 'alerts', 'trips', 'geofences'] as const;
export type PanelName = (typeof panelNames)[number];

/**
 * What the dispatcher is looking at in the open workspace: the selected vehicle (shared by the
 * list, the map and the detail panel — selection is linked both ways through here), whether the
 * map follows it, which side panel is open and which alert the inbox shows in detail (kept here,
 * not in the inbox, so folding the panel on a narrow window does not lose it). Reset whenever the
 * workspace changes.
 */
interface ConsoleState {
  selectedDeviceId: string | null;
  following: boolean;
  panel: PanelName;
  /** Bumped to ask the map to fit `fitIds`: the vehicles listed (filtered list or group). */
  fitRequest: number;
  fitIds: readonly string[];
  /** Bumped to ask the map to fly to the selected vehicle once. */
  focusRequest: number;
  /** The alert the inbox's detail pane shows. */
  focusedAlertId: string | null;
  select(deviceId: string | null, options?: { focus?: boolean }): void;
  setFollowing(following: boolean): void;
  setPanel(panel: PanelName): void;
  focusAlert(alertId: string | null): void;
  /** Frames these vehicles (the filtered list); an empty list frames the whole fleet. */
  requestFit(deviceIds: readonly string[]): void;
  reset(): void;
}

export const useConsoleStore = create<ConsoleState>()((set) => ({
  selectedDeviceId: null,
  following: false,
  panel: 'vehicle',
  fitRequest: 0,
  fitIds: [],
  focusRequest: 0,
  focusedAlertId: null,
  select: (deviceId, options) =>
    set((s) => ({
      selectedDeviceId: deviceId,
      following: deviceId === null ? false : s.following,
      panel: deviceId !== null && s.panel !== 'trips' && s.panel !== 'alerts' ? 'vehicle' : s.panel,
      focusRequest: options?.focus ? s.focusRequest + 1 : s.focusRequest,
    })),
  setFollowing: (following) => set({ following }),
  setPanel: (panel) => set({ panel }),
  focusAlert: (focusedAlertId) => set({ focusedAlertId }),
  requestFit: (deviceIds) => set((s) => ({ fitRequest: s.fitRequest + 1, fitIds: deviceIds })),
  reset: () => set({ selectedDeviceId: null, following: false, panel: 'vehicle', fitIds: [], focusedAlertId: null }),
}));
