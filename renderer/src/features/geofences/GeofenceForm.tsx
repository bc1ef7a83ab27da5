import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';
import { InlineAlert } from '../../ui/InlineAlert.tsx';
import { geofenceSaveErrorText } from '../../ui/error-text.ts';
import { useUnits } from '../../ui/units.ts';
import { draftShape, useGeofenceDraft, type GeofenceDraft } from './geofence-draft-store.ts';
import { shapeProblemText } from './geofence-geometry.ts';

/** The draft's name, alert switches and Save/Cancel; the shape itself is edited on the map. */
export function GeofenceForm({ workspaceId, draft }: { workspaceId: string; draft: GeofenceDraft }) {
  const bridge = useBridge();
  const queryClient = useQueryClient();
  const units = useUnits();
  const { change, cancel, undoPoint, highlight } = useGeofenceDraft();
  const shape = draftShape(draft.shape);
  const problem = !shape ? 'Click on the map to place the centre of the circle.' : shapeProblemText(shape);
  const nameProblem = draft.name.trim() === '' ? 'Give the geofence a name.' : null;

  const save = useMutation({
    mutationFn: async () => {
      if (!shape) throw new Error('The shape is not finished.');
      const body = { name: draft.name.trim(), description: draft.description.trim() || null, shape, alertOnEnter: draft.alertOnEnter, alertOnExit: draft.alertOnExit };
      if (draft.id && draft.expectedVersion) return bridge.geofences.update({ workspaceId, geofenceId: draft.id, geofence: { ...body, expectedVersion: draft.expectedVersion } });
      return bridge.geofences.create({ workspaceId, geofence: body });
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.geofences(workspaceId) });
      cancel();
      highlight(saved.id);
    },
  });

  const error = save.error;
  const message = error ? geofenceSaveErrorText(error) : undefined;

  const points = draft.shape.type === 'polygon' ? draft.shape.points.length : null;
  return (
    <form
      className="geofence-form"
      aria-label={draft.id ? 'Edit geofence' : 'New geofence'}
      onSubmit={(e) => {
        e.preventDefault();
        if (!problem && !nameProblem) save.mutate();
      }}
    >
      <p className="geofence-form__title">{draft.id ? 'Edit geofence' : `New ${draft.shape.type}`}</p>
      <p className="muted geofence-form__hint">
        {draft.shape.type === 'polygon'
          ? `Click on the map to add corners (${points}); click on an edge to add a corner into it. Drag a corner or a small dot on an edge to move or add one.`
          : draft.shape.center
            ? `Radius ${units.distance(draft.shape.radiusM / 1000)}. Drag the centre to move the circle, the edge handle to resize it.`
            : 'Click on the map where the centre of the circle should be.'}
      </p>
      <label className="field">
        <span className="field__label">Name</span>
        <input className="input" value={draft.name} maxLength={120} onChange={(e) => change({ name: e.target.value })} autoFocus aria-invalid={save.isError && !!nameProblem} />
      </label>
      <label className="field">
        <span className="field__label">Description (optional)</span>
        <input className="input" value={draft.description} maxLength={2000} onChange={(e) => change({ description: e.target.value })} />
      </label>
      <div className="geofence-form__checks">
        <label>
          <input type="checkbox" checked={draft.alertOnEnter} onChange={(e) => change({ alertOnEnter: e.target.checked })} /> Alert on enter
        </label>
        <label>
          <input type="checkbox" checked={draft.alertOnExit} onChange={(e) => change({ alertOnExit: e.target.checked })} /> Alert on exit
        </label>
      </div>
      {(problem ?? nameProblem) && <p className="geofence-form__problem">{problem ?? nameProblem}</p>}
      {save.isError && <InlineAlert tone="error">{message}</InlineAlert>}
      <div className="geofence-form__actions">
        <button type="submit" className="button button--primary" disabled={save.isPending || !!problem || !!nameProblem}>
          {save.isPending ? 'Saving…' : 'Save geofence'}
        </button>
        {points !== null && points > 0 && (
          <button type="button" className="button" onClick={undoPoint}>
            Undo corner
          </button>
        )}
        <button type="button" className="button" onClick={cancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
