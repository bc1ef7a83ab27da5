import { beforeEach, describe, expect, it } from 'vitest';
import { useGeofenceDraft } from './geofence-draft-store.ts';

const at = (latitude: number, longitude: number) => ({ latitude, longitude });
const points = () => {
  const shape = useGeofenceDraft.getState().draft?.shape;
  return shape?.type === 'polygon' ? shape.points : [];
};

describe('geofence draft: corners', () => {
  beforeEach(() => useGeofenceDraft.setState({ draft: null }));

  it('inserts a corner into an edge, and "Undo corner" removes the corner added last wherever it went', () => {
    const { startNew, addPoint, insertPoint, undoPoint } = useGeofenceDraft.getState();
    startNew('polygon');
    for (const p of [at(0, 0), at(0, 2), at(2, 2), at(2, 0)]) addPoint(p);
    insertPoint(1, at(0, 1));
    expect(points()).toEqual([at(0, 0), at(0, 1), at(0, 2), at(2, 2), at(2, 0)]);
    addPoint(at(1, -1));
    insertPoint(3, at(1, 2));
    expect(points()).toEqual([at(0, 0), at(0, 1), at(0, 2), at(1, 2), at(2, 2), at(2, 0), at(1, -1)]);
    undoPoint();
    expect(points()).toEqual([at(0, 0), at(0, 1), at(0, 2), at(2, 2), at(2, 0), at(1, -1)]);
    undoPoint();
    expect(points()).toEqual([at(0, 0), at(0, 1), at(0, 2), at(2, 2), at(2, 0)]);
    undoPoint();
    expect(points()).toEqual([at(0, 0), at(0, 2), at(2, 2), at(2, 0)]);
  });

  it('undoes the last corner of a saved polygon when nothing was added in this session', () => {
    useGeofenceDraft.getState().startEdit({
      id: '00000000-0000-4000-8000-000000000001',
      version: 3,
      name: 'Yard',
      description: null,
      groupId: null,
      alertOnEnter: true,
      alertOnExit: false,
      shape: { type: 'polygon', points: [at(0, 0), at(0, 2), at(2, 2), at(2, 0)] },
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    useGeofenceDraft.getState().undoPoint();
    expect(points()).toEqual([at(0, 0), at(0, 2), at(2, 2)]);
  });

  it('refuses a corner index outside the polygon, changing nothing', () => {
    const { startNew, addPoint, insertPoint } = useGeofenceDraft.getState();
    startNew('polygon');
    addPoint(at(0, 0));
    expect(() => insertPoint(3, at(1, 1))).toThrow(/index 3 is outside the polygon's 0–1 corners/);
    expect(() => insertPoint(0.5, at(1, 1))).toThrow(/index 0.5/);
    expect(points()).toEqual([at(0, 0)]);
  });
});
