import { create } from 'zustand';

export const panelNames = ['vehicle', 'alerts', 'trips', 'geofences'] as const;
export type PanelName = (typeof panelNames)[number];

/**
 * What the dispatcher is looking at in the open workspace: the selected vehicle (shared by the
 * list, the map and the detail panel — selection is linked both ways through here), whether the
 * map follows it, and which side panel is open. Reset whenever the workspace changes.
 */
interface ConsoleState {
  selectedDeviceId: string | null;
  following: boolean;
  panel: PanelName;
  /** Bumped to ask the map to fit the listed (filtered) vehicles. */
  fitRequest: number;
  /** Bumped to ask the map to fly to the selected vehicle once. */
  focusRequest: number;
  select(deviceId: string | null, options?: { focus?: boolean }): void;
  setFollowing(following: boolean): void;
  setPanel(panel: PanelName): void;
  requestFit(): void;
  reset(): void;
}

export const useConsoleStore = create<ConsoleState>()((set) => ({
  selectedDeviceId: null,
  following: false,
  panel: 'vehicle',
  fitRequest: 0,
  focusRequest: 0,
  select: (deviceId, options) =>
    set((s) => ({
      selectedDeviceId: deviceId,
      following: deviceId === null ? false : s.following,
      panel: deviceId !== null && s.panel !== 'trips' && s.panel !== 'alerts' ? 'vehicle' : s.panel,
      focusRequest: options?.focus ? s.focusRequest + 1 : s.focusRequest,
    })),
  setFollowing: (following) => set({ following }),
  setPanel: (panel) => set({ panel }),
  requestFit: () => set((s) => ({ fitRequest: s.fitRequest + 1 })),
  reset: () => set({ selectedDeviceId: null, following: false, panel: 'vehicle' }),
}));
