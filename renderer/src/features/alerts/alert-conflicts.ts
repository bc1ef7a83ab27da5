import { create } from 'zustand';
import type { ConflictEvent } from '../../../../contract/bridge/domains/alerts-domain.ts';

/**
 * Conflicts the engine reported for alert actions taken offline (the server's state won), shown
 * in the inbox until dismissed. Collected by the alerts feed even while the inbox is closed; the
 * last five are kept.
 */
interface AlertConflicts {
  conflicts: ConflictEvent[];
  add(conflict: ConflictEvent): void;
  dismiss(alertId: string): void;
  clear(): void;
}

export const useAlertConflicts = create<AlertConflicts>()((set) => ({
  conflicts: [],
  add: (conflict) => set((s) => ({ conflicts: [...s.conflicts.slice(-4), conflict] })),
  dismiss: (alertId) => set((s) => ({ conflicts: s.conflicts.filter((c) => c.alertId !== alertId) })),
  clear: () => set({ conflicts: [] }),
}));
