import { create } from 'zustand';
import type { Point } from '../../../../contract/address-words.ts';

/** A point the dispatcher asked about: a searched place, or a right-click on the map. */
export interface PlaceTarget extends Point {
  /** The place's name ("Sveaplan, Gothenburg"); null for a point picked on the map. */
  label: string | null;
  /** [west, south, east, north] to frame (a street's extent), when known. */
  bounds?: [number, number, number, number];
  /** The map flies there (a search); a right-click stays put. */
  fly: boolean;
}

/**
 * The place the "Nearest vehicles" panel is about, with its pin on the map. Selection and
 * following stay in the console store (features/console/console-store.ts): picking a vehicle
 * here selects it there. Reset with the workspace.
 */
interface PlaceTargetState {
  target: PlaceTarget | null;
  /** Bumps with every new target, so asking for the same place twice flies there again. */
  request: number;
  show(target: PlaceTarget): void;
  clear(): void;
}

export const usePlaceTarget = create<PlaceTargetState>()((set) => ({
  target: null,
  request: 0,
  show: (target) => set((s) => ({ target, request: s.request + 1 })),
  clear: () => set({ target: null }),
}));
