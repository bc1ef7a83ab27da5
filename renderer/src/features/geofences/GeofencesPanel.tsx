import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Role } from '../../../../contract/api/auth.ts';
import type { Geofence } from '../../../../contract/api/geofences.ts';
import { can } from '../../../../contract/api/permissions.ts';
import type { ConsoleAlert } from '../../../../contract/bridge/domains/alerts-domain.ts';
import { lazyFeature } from '../../app/lazy-feature.tsx';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';
import { InlineAlert } from '../../ui/InlineAlert.tsx';
import { formatRelativeTime } from '../../ui/relative-time.ts';
import { Spinner } from '../../ui/Spinner.tsx';
import { useUnits } from '../../ui/units.ts';
import { useNow } from '../../ui/use-now.ts';
import { useAllAlerts } from '../alerts/use-alert-list.ts';
import { useConsoleStore } from '../console/console-store.ts';
import { useFleetStore } from '../live/use-fleet.ts';
import { useGeofenceDraft } from './geofence-draft-store.ts';
import { useGeofences } from './use-geofences.ts';
import './geofences.css';
import { errorText } from '../../ui/error-text.ts';

/** The editor's form is a chunk of its own (docs/decisions/0085-renderer-code-splitting.md), fetched when this panel opens for a role that may draw. */
const geofenceEditor = lazyFeature('the geofence editor', () => import('./GeofenceForm.tsx').then((m) => m.GeofenceForm));
const GeofenceForm = geofenceEditor.Lazy;

interface Props {
  workspaceId: string;
  role: Role;
}

/** Geofences: the list, their enter/exit alerts, and drawing/editing for roles allowed to. */
export function GeofencesPanel({ workspaceId, role }: Props) {
  const list = useGeofences(workspaceId);
  const { draft, highlightedId, startNew, startEdit, highlight } = useGeofenceDraft();
  const canManage = can(role, 'geofences.manage');
  useEffect(() => {
    if (canManage) geofenceEditor.prefetch();
  }, [canManage]);
  const alerts = useAllAlerts();
  const alertsOf = (id: string) => alerts.filter((a) => (a.type === 'geofence_enter' || a.type === 'geofence_exit') && a.details.geofenceId === id);

  return (
    <div className="geofences" data-testid="geofences-panel">
      {canManage && !draft && (
        <div className="geofences__new" role="group" aria-label="Draw a new geofence">
          <button type="button" className="button button--primary" onClick={() => startNew('polygon')}>
            New polygon
          </button>
          <button type="button" className="button" onClick={() => startNew('circle')}>
            New circle
          </button>
        </div>
      )}
      {!canManage && <p className="muted">Your role can see geofences but not change them.</p>}
      {draft && <GeofenceForm workspaceId={workspaceId} draft={draft} />}

      {list.isPending && (
        <p className="muted" role="status">
          <Spinner /> Loading geofences…
        </p>
      )}
      {list.isError && <InlineAlert tone="error">Could not load geofences: {errorText(list.error)}</InlineAlert>}
      {list.data && list.data.items.length === 0 && !draft && (
        <div className="panel-empty">
          <p className="panel-empty__title">No geofences yet</p>
          <p className="muted">{canManage ? 'Draw a polygon or a circle around a depot, a customer or a restricted area to be alerted when vehicles enter or leave it.' : 'An administrator or dispatcher can draw them.'}</p>
        </div>
      )}
      {list.data && list.data.items.length > 0 && (
        <ul className="geofence-list" aria-label="Geofences">
          {list.data.items.map((g) => (
            <GeofenceRow
              key={g.id}
              workspaceId={workspaceId}
              geofence={g}
              highlighted={g.id === highlightedId}
              editing={draft?.id === g.id}
              canManage={canManage && !draft}
              alerts={alertsOf(g.id)}
              onShow={() => highlight(g.id, true)}
              onEdit={() => startEdit(g)}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

interface RowProps {
  workspaceId: string;
  geofence: Geofence;
  highlighted: boolean;
  editing: boolean;
  canManage: boolean;
  alerts: ConsoleAlert[];
  onShow(): void;
  onEdit(): void;
}

function GeofenceRow({ workspaceId, geofence: g, highlighted, editing, canManage, alerts, onShow, onEdit }: RowProps) {
  const units = useUnits();
  const now = useNow(30_000);
  const bridge = useBridge();
  const queryClient = useQueryClient();
  const store = useFleetStore();
  const select = useConsoleStore((s) => s.select);
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () => bridge.geofences.delete({ workspaceId, geofenceId: g.id }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.geofences(workspaceId) }),
  });
  const open = alerts.filter((a) => a.status !== 'resolved');
  const kind = g.shape.type === 'circle' ? `Circle, radius ${units.distance(g.shape.radiusM / 1000)}` : `Polygon, ${g.shape.points.length} corners`;
  const triggers = [g.alertOnEnter && 'enter', g.alertOnExit && 'exit'].filter(Boolean).join(' and ') || 'no alerts';

  return (
    <li className="geofence-row" aria-current={highlighted ? 'true' : undefined}>
      <div className="geofence-row__head">
        <button type="button" className="geofence-row__name" onClick={onShow} title="Show on map">
          {g.name}
        </button>
        {open.length > 0 && <span className="badge badge--warning">{open.length} open</span>}
        {editing && <span className="badge badge--info">editing</span>}
      </div>
      <p className="muted geofence-row__meta">
        {kind} · alerts on {triggers}
      </p>
      {g.description && <p className="geofence-row__desc">{g.description}</p>}
      {alerts.length > 0 && (
        <ul className="geofence-row__alerts" aria-label={`Alerts of ${g.name}`}>
          {alerts.slice(0, 4).map((a) => (
            <li key={a.id}>
              <button type="button" className="button button--link" onClick={() => select(a.deviceId, { focus: true })}>
                {store.names[store.indexOf(a.deviceId)] ?? 'Vehicle'}
              </button>{' '}
              {a.type === 'geofence_enter' ? 'entered' : 'left'} · <span className="muted">{formatRelativeTime(a.lastSeenAt, now)}</span>
              {a.status === 'resolved' && <span className="muted"> · resolved</span>}
            </li>
          ))}
        </ul>
      )}
      {canManage && (
        <div className="geofence-row__actions">
          <button type="button" className="button button--small" onClick={onEdit}>
            Edit
          </button>
          {confirming ? (
            <>
              <button type="button" className="button button--small button--danger" onClick={() => remove.mutate()} disabled={remove.isPending}>
                Delete “{g.name}”
              </button>
              <button type="button" className="button button--small" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </>
          ) : (
            <button type="button" className="button button--small" onClick={() => setConfirming(true)}>
              Delete…
            </button>
          )}
        </div>
      )}
      {remove.isError && <p className="field__error">{errorText(remove.error)}</p>}
    </li>
  );
}
