import { create } from 'zustand';
import type { DeviceStatus } from '../../../contract/api/devices.ts';
import type { DeviceFilter } from '../features/devices/device-filter.ts';

const noFilter: DeviceFilter = { query: '', status: null };

/**
 * UI state that outlives a component but is not the engine's data: what is open, what is typed
 * into a filter. Filters are kept per workspace so switching back restores a dispatcher's view.
 */
interface UiState {
  /** The user asked to sign in to one more account while already signed in. */
  addingAccount: boolean;
  switcherOpen: boolean;
  deviceFilters: Record<string, DeviceFilter>;
  setAddingAccount(adding: boolean): void;
  setSwitcherOpen(open: boolean): void;
  setDeviceQuery(workspaceId: string, query: string): void;
  toggleDeviceStatus(workspaceId: string, status: DeviceStatus): void;
}

export const useUiStore = create<UiState>()((set) => ({
  addingAccount: false,
  switcherOpen: false,
  deviceFilters: {},
  setAddingAccount: (addingAccount) => set({ addingAccount }),
  setSwitcherOpen: (switcherOpen) => set({ switcherOpen }),
  setDeviceQuery: (workspaceId, query) =>
    set((s) => ({ deviceFilters: { ...s.deviceFilters, [workspaceId]: { ...(s.deviceFilters[workspaceId] ?? noFilter), query } } })),
  toggleDeviceStatus: (workspaceId, status) =>
    set((s) => {
      const current = s.deviceFilters[workspaceId] ?? noFilter;
      const next = current.status === status ? null : status;
      return { deviceFilters: { ...s.deviceFilters, [workspaceId]: { ...current, status: next } } };
    }),
}));

export const useDeviceFilter = (workspaceId: string): DeviceFilter =>
  useUiStore((s) => s.deviceFilters[workspaceId] ?? noFilter);
