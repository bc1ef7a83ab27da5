import { useMutation } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { alertMessage } from '../../../../contract/alert-message.ts';
import type { Role } from '../../../../contract/api/auth.ts';
import { can } from '../../../../contract/api/permissions.ts';
import type { ConsoleAlert } from '../../../../contract/bridge/domains/alerts-domain.ts';
import { useBridge } from '../../bridge/bridge-context.ts';
import { InlineAlert } from '../../ui/InlineAlert.tsx';
import { formatRelativeTime } from '../../ui/relative-time.ts';
import { Spinner } from '../../ui/Spinner.tsx';
import { useNow } from '../../ui/use-now.ts';
import { useUnits } from '../../ui/units.ts';
import { useConsoleStore } from '../console/console-store.ts';
import { useFleet, useFleetStore } from '../live/use-fleet.ts';
import { AddressText } from '../places/AddressText.tsx';
import { groupOptions } from '../devices/device-view.ts';
import { AlertInbox } from './AlertInbox.tsx';
import { InboxFilters } from './InboxFilters.tsx';
import { noInboxFilter, type InboxFilter } from './inbox-filter.ts';
import type { InboxSort } from './inbox-sort.ts';
import { InboxView } from './inbox-view.ts';
import { AssignControl } from './AssignControl.tsx';
import { useAlertConflicts } from './alert-conflicts.ts';
import { useAlertInbox, useAlertListStatus, useInboxRows, useInboxValue } from './use-alert-list.ts';
import './alerts.css';
import { errorText } from '../../ui/error-text.ts';

interface Props {
  workspaceId: string;
  role: Role;
}

/** The alert feed: filters, the triage inbox, and the focused alert's details and actions (queued by the engine offline). */
export function AlertsPanel({ workspaceId, role }: Props) {
  const [filter, setFilter] = useState<InboxFilter>(noInboxFilter);
  const changeFilter = useCallback((change: Partial<InboxFilter>) => setFilter((f) => ({ ...f, ...change })), []);
  const [sort, setSort] = useState<InboxSort>('newest');
  const now = useNow(15_000);
  const inbox = useAlertInbox();
  const fleetStore = useFleetStore();
  const alerts = useAlertListStatus(workspaceId);
  const conflicts = useAlertConflicts((s) => s.conflicts);
  const dismissConflict = useAlertConflicts((s) => s.dismiss);
  const focusedId = useConsoleStore((s) => s.focusedAlertId);
  const setFocusedId = useConsoleStore((s) => s.focusAlert);
  // The fleet's device list is already loaded for the map and list (same query): vehicle → group.
  const devices = useFleet(workspaceId).data?.devices;
  const groupOf = useMemo(() => {
    const groups = new Map((devices ?? []).map((d) => [d.id, d.groupId]));
    return (deviceId: string) => groups.get(deviceId) ?? null;
  }, [devices]);
  // The rows for this filter and sort, kept in step with the store change by change (one pass
  // over the alerts when the filter, the sort or the vehicles change; decision 0350).
  const view = useMemo(
    () => new InboxView(inbox, filter, sort, groupOf, (id) => fleetStore.names[fleetStore.indexOf(id)] ?? ''),
    [inbox, filter, sort, groupOf, fleetStore],
  );
  const items = useInboxRows(view);
  // The options and the total come from the store's counters: re-rendered only when they change.
  const types = useInboxValue((s) => s.typeOptions());
  const assignees = useInboxValue((s) => s.assigneeOptions());
  const total = useInboxValue((s) => (s.loaded ? s.size : null));
  const groups = useMemo(() => groupOptions(devices ?? []), [devices]);
  // The detail pane shows the focused alert while it is in the rows (a binary search, not a scan).
  const focused = items[view.indexOf(focusedId)] ?? null;

  return (
    <div className="alerts" data-testid="alerts-panel">
      {conflicts.map((c) => (
        <InlineAlert key={c.alertId + c.action} tone="error" action={<button type="button" className="button" onClick={() => dismissConflict(c.alertId)}>Dismiss</button>}>
          {c.message}
        </InlineAlert>
      ))}
      <InboxFilters
        filter={filter}
        types={types}
        groups={groups}
        assignees={assignees}
        onChange={changeFilter}
      />
      {alerts.isPending && (
        <p className="muted" role="status">
          <Spinner /> Loading alerts…
        </p>
      )}
      {alerts.isError && (
        <InlineAlert tone="error" action={<button type="button" className="button" onClick={() => void alerts.refetch()}>Retry</button>}>
          <strong>Could not load alerts.</strong> {errorText(alerts.error)}
        </InlineAlert>
      )}
      {total !== null && items.length === 0 && (
        <div className="panel-empty">
          <p className="panel-empty__title">{total === 0 ? 'No alerts' : 'No alerts match these filters'}</p>
          <p className="muted">New alerts appear here the moment the fleet cloud raises them.</p>
        </div>
      )}
      {items.length > 0 && (
        <AlertInbox workspaceId={workspaceId} role={role} rows={items} view={view} sort={sort} onSort={setSort} now={now} focusedId={focused?.id ?? null} onFocus={setFocusedId} />
      )}
      {/* The detail pane: the focused alert with its history, notes and single actions. */}
      {focused && (
        <ol className="alert-list" aria-label="Alert details" data-testid="alert-detail">
          <AlertItem key={focused.id} alert={focused} workspaceId={workspaceId} role={role} now={now} />
        </ol>
      )}
    </div>
  );
}

function AlertItem({ alert, workspaceId, role, now }: { alert: ConsoleAlert; workspaceId: string; role: Role; now: number }) {
  const units = useUnits();
  const canHandle = can(role, 'alerts.handle');
  const bridge = useBridge();
  const inbox = useAlertInbox();
  const store = useFleetStore();
  const select = useConsoleStore((s) => s.select);
  const [note, setNote] = useState('');
  const act = useMutation({
    mutationFn: (kind: 'acknowledge' | 'resolve' | 'note' | { assigneeId: string | null }) => {
      const target = { workspaceId, alertId: alert.id };
      if (typeof kind === 'object') return bridge.alerts.assign({ ...target, assigneeId: kind.assigneeId });
      if (kind === 'note') return bridge.alerts.addNote({ ...target, text: note.trim() });
      return kind === 'acknowledge' ? bridge.alerts.acknowledge(target) : bridge.alerts.resolve(target);
    },
    onSuccess: (result, kind) => {
      if (kind === 'note') setNote('');
      inbox.patch([result.alert.id], [result.alert]);
    },
  });
  const vehicle = store.names[store.indexOf(alert.deviceId)] ?? 'Unknown vehicle';
  return (
    <li className={`alert-item alert-item--${alert.severity} alert-item--${alert.status}`}>
      <div className="alert-item__head">
        <span className={`badge badge--${alert.severity === 'critical' ? 'critical' : alert.severity === 'warning' ? 'warning' : 'info'}`}>{alert.severity}</span>
        <strong className="alert-item__vehicle">{vehicle}</strong>
        <time className="muted" dateTime={alert.lastSeenAt}>{formatRelativeTime(alert.lastSeenAt, now)}</time>
      </div>
      <p className="alert-item__message">
        {alertMessage(alert, units)}
        {alert.occurrences > 1 && <span className="muted"> · ×{alert.occurrences}</span>}
      </p>
      {/* Alerts cached before addresses existed carry none. */}
      {alert.address && alert.address.kind !== 'none' && (
        <p className="alert-item__place" data-testid="alert-address">
          <AddressText address={alert.address} />
        </p>
      )}
      <p className="alert-item__state muted">
        {alert.status === 'open' ? 'Open' : alert.status === 'acknowledged' ? `Acknowledged by ${alert.acknowledgedBy?.displayName ?? 'someone'}` : 'Resolved'}
        {alert.assignee && ` · assigned to ${alert.assignee.displayName}`}
        {alert.escalatedAt && <span className="badge badge--critical"> escalated</span>}
        {alert.quiet && <span className="badge badge--info"> quiet hours</span>}
        {alert.pendingActions.length > 0 && <span className="badge badge--info"> waiting to send</span>}
      </p>
      {alert.notes.length > 0 && (
        <ul className="alert-item__notes">
          {alert.notes.map((n) => (
            <li key={n.id}>
              <strong>{n.author?.displayName ?? 'System'}:</strong> {n.text}
            </li>
          ))}
        </ul>
      )}
      <div className="alert-item__actions">
        <button type="button" className="button button--small" onClick={() => select(alert.deviceId, { focus: true })}>
          Show on map
        </button>
        {canHandle && alert.status === 'open' && (
          <button type="button" className="button button--small" disabled={act.isPending} onClick={() => act.mutate('acknowledge')}>
            Acknowledge
          </button>
        )}
        {canHandle && alert.status !== 'resolved' && (
          <button type="button" className="button button--small" disabled={act.isPending} onClick={() => act.mutate('resolve')}>
            Resolve
          </button>
        )}
        {canHandle && alert.status !== 'resolved' && (
          <AssignControl workspaceId={workspaceId} role={role} alert={alert} disabled={act.isPending} onAssign={(assigneeId) => act.mutate({ assigneeId })} />
        )}
      </div>
      {canHandle && alert.status !== 'resolved' && (
        <form
          className="alert-item__note"
          onSubmit={(e) => {
            e.preventDefault();
            if (note.trim()) act.mutate('note');
          }}
        >
          <label className="visually-hidden" htmlFor={`note-${alert.id}`}>Add a note</label>
          <input id={`note-${alert.id}`} className="input" placeholder="Add a note…" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
          <button type="submit" className="button button--small" disabled={act.isPending || !note.trim()}>
            Add
          </button>
        </form>
      )}
      {act.isError && <p className="field__error">{errorText(act.error)}</p>}
    </li>
  );
}
