import { create } from 'zustand';
import type { DeviceStatus } from '../../../contract/api/devices.ts';
import type { ListFilter } from '../features/devices/device-view.ts';

const noFilter: ListFilter = { query: '', status: null, group: null };

/**
 * UI state that outlives a component but is not the engine's data: what is open, what is typed
 * into a filter. Filters are kept per workspace so switching back restores a dispatcher's view.
 */
interface UiState {
  /** The user asked to sign in to one more account while already signed in. */
  addingAccount: boolean;
  switcherOpen: boolean;
  deviceFilters: Record<string, ListFilter>;
  /** Workspaces whose map shows every vehicle whatever the list's filter (the map chip's toggle). */
  mapShowsAll: Record<string, boolean>;
  setAddingAccount(adding: boolean): void;
  setSwitcherOpen(open: boolean): void;
  setDeviceQuery(workspaceId: string, query: string): void;
  toggleDeviceStatus(workspaceId: string, status: DeviceStatus): void;
  setDeviceGroup(workspaceId: string, group: string | null): void;
  clearDeviceFilter(workspaceId: string): void;
  setMapShowsAll(workspaceId: string, showAll: boolean): void;
}

const patch = (s: UiState, workspaceId: string, change: Partial<ListFilter>) => ({
  deviceFilters: { ...s.deviceFilters, [workspaceId]: { ...(s.deviceFilters[workspaceId] ?? noFilter), ...change } },
});

export const useUiStore = create<UiState>()((set) => ({
  addingAccount: false,
  switcherOpen: false,
  deviceFilters: {},
  mapShowsAll: {},
  setAddingAccount: (addingAccount) => set({ addingAccount }),
  setSwitcherOpen: (switcherOpen) => set({ switcherOpen }),
  setDeviceQuery: (workspaceId, query) => set((s) => patch(s, workspaceId, { query })),
  toggleDeviceStatus: (workspaceId, status) =>
    set((s) => patch(s, workspaceId, { status: s.deviceFilters[workspaceId]?.status === status ? null : status })),
  setDeviceGroup: (workspaceId, group) => set((s) => patch(s, workspaceId, { group })),
  clearDeviceFilter: (workspaceId) => set((s) => patch(s, workspaceId, noFilter)),
  setMapShowsAll: (workspaceId, showAll) => set((s) => ({ mapShowsAll: { ...s.mapShowsAll, [workspaceId]: showAll } })),
}));

export const useDeviceFilter = (workspaceId: string): ListFilter => useUiStore((s) => s.deviceFilters[workspaceId] ?? noFilter);

/** Whether a filter narrows the list at all. */
export const isFiltering = (filter: ListFilter): boolean => filter.query.trim() !== '' || filter.status !== null || filter.group !== null;
