import { create } from 'zustand';
import type { Geofence, GeofenceShape, LatLon } from '../../../../contract/api/geofences.ts';

/** A shape being drawn: a circle may not have its centre yet (the first click places it). */
export type DraftShape = { type: 'polygon'; points: LatLon[] } | { type: 'circle'; center: LatLon | null; radiusM: number };

export interface GeofenceDraft {
  /** null while creating a new geofence. */
  id: string | null;
  expectedVersion: number | null;
  name: string;
  description: string;
  alertOnEnter: boolean;
  alertOnExit: boolean;
  shape: DraftShape;
  /**
   * Corner indices added in this session, most recent last, kept in step with insertions, so
   * "Undo corner" removes the corner added last even when it went into the middle of an edge.
   */
  added: number[];
}

/** A new circle starts with this radius once its centre is placed; its edge handle resizes it. */
export const defaultRadiusM = 400;

/**
 * The geofence editor's state (UI state, so zustand): the draft shared by the panel's form and the
 * map's editing layer, and which saved geofence is highlighted. Reset with the workspace.
 */
interface DraftState {
  draft: GeofenceDraft | null;
  highlightedId: string | null;
  /** Bumped to ask the map to frame `highlightedId` (or the draft). */
  focusRequest: number;
  startNew(type: 'polygon' | 'circle'): void;
  startEdit(geofence: Geofence): void;
  change(patch: Partial<Omit<GeofenceDraft, 'shape'>>): void;
  setShape(shape: DraftShape): void;
  addPoint(point: LatLon): void;
  /** Adds a polygon corner at `index` of the corner list (a click or drag on an edge). */
  insertPoint(index: number, point: LatLon): void;
  /** Removes the corner added last (or, with none added in this session, the last corner). */
  undoPoint(): void;
  cancel(): void;
  highlight(id: string | null, focus?: boolean): void;
}

export const useGeofenceDraft = create<DraftState>()((set) => ({
  draft: null,
  highlightedId: null,
  focusRequest: 0,
  startNew: (type) =>
    set({
      draft: {
        id: null,
        expectedVersion: null,
        name: '',
        description: '',
        alertOnEnter: true,
        alertOnExit: true,
        shape: type === 'polygon' ? { type, points: [] } : { type, center: null, radiusM: defaultRadiusM },
        added: [],
      },
      highlightedId: null,
    }),
  startEdit: (g) =>
    set((s) => ({
      draft: {
        id: g.id,
        expectedVersion: g.version,
        name: g.name,
        description: g.description ?? '',
        alertOnEnter: g.alertOnEnter,
        alertOnExit: g.alertOnExit,
        shape: g.shape.type === 'polygon' ? { type: 'polygon', points: [...g.shape.points] } : { ...g.shape },
        added: [],
      },
      highlightedId: g.id,
      focusRequest: s.focusRequest + 1,
    })),
  change: (patch) => set((s) => (s.draft ? { draft: { ...s.draft, ...patch } } : {})),
  setShape: (shape) => set((s) => (s.draft ? { draft: { ...s.draft, shape } } : {})),
  addPoint: (point) =>
    set((s) => {
      const shape = s.draft?.shape;
      if (!s.draft || !shape) return {};
      if (shape.type === 'polygon') return { draft: { ...s.draft, shape: { ...shape, points: [...shape.points, point] }, added: [...s.draft.added, shape.points.length] } };
      return shape.center ? {} : { draft: { ...s.draft, shape: { ...shape, center: point } } };
    }),
  insertPoint: (index, point) =>
    set((s) => {
      const shape = s.draft?.shape;
      if (!s.draft || shape?.type !== 'polygon') return {};
      if (!Number.isInteger(index) || index < 0 || index > shape.points.length) throw new RangeError(`insertPoint: index ${index} is outside the polygon's 0–${shape.points.length} corners.`);
      const points = [...shape.points];
      points.splice(index, 0, point);
      const added = [...s.draft.added.map((k) => (k >= index ? k + 1 : k)), index];
      return { draft: { ...s.draft, shape: { ...shape, points }, added } };
    }),
  undoPoint: () =>
    set((s) => {
      const shape = s.draft?.shape;
      if (!s.draft || shape?.type !== 'polygon' || shape.points.length === 0) return {};
      const added = [...s.draft.added];
      const index = added.pop() ?? shape.points.length - 1;
      const points = shape.points.filter((_, k) => k !== index);
      return { draft: { ...s.draft, shape: { ...shape, points }, added: added.map((k) => (k > index ? k - 1 : k)) } };
    }),
  cancel: () => set({ draft: null }),
  highlight: (id, focus = false) => set((s) => ({ highlightedId: id, focusRequest: focus ? s.focusRequest + 1 : s.focusRequest })),
}));

/** The draft as the contract's shape, or null while a circle has no centre yet. */
export function draftShape(shape: DraftShape): GeofenceShape | null {
  if (shape.type === 'polygon') return shape;
  return shape.center ? { type: 'circle', center: shape.center, radiusM: shape.radiusM } : null;
}
