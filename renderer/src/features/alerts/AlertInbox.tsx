import { useMutation, useQuery } from '@tanstack/react-query';
import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { alertMessage } from '../../../../contract/alert-message.ts';
import type { Role } from '../../../../contract/api/auth.ts';
import { can } from '../../../../contract/api/permissions.ts';
import type { ConsoleAlert } from '../../../../contract/bridge/domains/alerts-domain.ts';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';
import { errorText } from '../../ui/error-text.ts';
import { formatRelativeTime } from '../../ui/relative-time.ts';
import { useUnits } from '../../ui/units.ts';
import { useFleetStore } from '../live/use-fleet.ts';
import { AddressText } from '../places/AddressText.tsx';
import type { InboxSort } from './inbox-sort.ts';
import { sameRowFace } from './inbox-row-face.ts';
import { isWaiting, noneSending, withoutSending, withSending, type Sending } from './inbox-sending.ts';
import type { InboxView } from './inbox-view.ts';
import { useAlertInbox } from './use-alert-list.ts';

const rowHeight = 30;
/**
 * Rows rendered beyond each edge of the view. Four rows (120 px) cover a wheel step or a held j/k
 * between two frames; eight made the inbox open with 33 rows at 1080p instead of 29, and each row
 * is React work, a grid layout of its text and paint in the open click's task (decision 0480).
 */
const overscan = 4;

/**
 * The list's height as its CSS sets it (`.inbox__list` in alerts.css: the window's height less
 * the panel above it, at least 240 px), until the ResizeObserver measures it. Guessed right, the
 * inbox opens with the rows that fill it in one render, layout and paint, not a second of each
 * for the rows a 480 px guess left out (decision 0380).
 */
function expectedListHeight(): number {
  return Math.max(240, window.innerHeight - 330);
}

interface Props {
  workspaceId: string;
  role: Role;
  /** The filtered, sorted alerts (`view`'s rows). */
  rows: readonly ConsoleAlert[];
  view: InboxView;
  sort: InboxSort;
  onSort(sort: InboxSort): void;
  now: number;
  focusedId: string | null;
  onFocus(alertId: string | null): void;
}

/**
 * The triage inbox: one line per alert, windowed (only the rows in view are in the DOM, so
 * thousands scroll like dozens), keyboard first (shortcuts on screen), multi-select with bulk
 * acknowledge/resolve/assign that the engine applies at once, queues offline, and sends in one request.
 */
export function AlertInbox({ workspaceId, role, rows, view, sort, onSort, now, focusedId, onFocus }: Props) {
  const bridge = useBridge();
  const store = useFleetStore();
  const canHandle = can(role, 'alerts.handle');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [sending, setSending] = useState<Sending>(noneSending);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(expectedListHeight);
  const listRef = useRef<HTMLDivElement>(null);
  const vehicleOf = (a: ConsoleAlert) => store.names[store.indexOf(a.deviceId)] ?? 'Unknown vehicle';
  const inbox = useAlertInbox();
  const focusIndex = Math.max(0, view.indexOf(focusedId));

  useEffect(() => {
    const element = listRef.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewport(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const people = useQuery({
    queryKey: queryKeys.assignableMembers(workspaceId),
    enabled: canHandle && selected.size > 0,
    staleTime: 5 * 60_000,
    retry: false,
    queryFn: () => bridge.alerts.assignees({ workspaceId }),
  });
  /**
   * Acts on the selection, or on the focused alert when nothing is selected. The engine tells every
   * window what changed (onAlertsChanged, onSyncStatus), online or not, and the inbox patches those
   * alerts. The acted-on alerts leave the selection as the action starts — in the key press's own
   * render, not in one more when the answer comes — and come back if the engine refuses it, to try
   * again. Alerts selected meanwhile (the focused one, just acknowledged, among them) stay selected.
   *
   * The acted-on rows show "waiting to send" from that same render (`sending`: each alert as it
   * was when the action started), until the engine's copy with the action queued replaces it —
   * which then renders the same row, so the engine's "queued" change costs React a comparison but
   * the page no style, layout or paint (decision 0480). The key press, not the queue, is when
   * the dispatcher's action starts waiting; a refused action takes the mark away again.
   */
  const bulk = useMutation({
    mutationFn: ({ fromSelection: _, ...input }: BulkInput) => bridge.alerts.bulk({ workspaceId, ...input }),
    onError: (_error, { alertIds, fromSelection }) => {
      if (fromSelection) setSelected((s) => withIds(s, alertIds));
    },
    onSettled: (_result, _error, { alertIds }) => setSending((s) => withoutSending(s, alertIds)),
  });
  const run = (action: BulkInput['action'], assigneeId?: string | null) => {
    const fromSelection = selected.size > 0;
    const alertIds = fromSelection ? [...selected] : rows[focusIndex] ? [rows[focusIndex].id] : [];
    if (!canHandle || alertIds.length === 0) return;
    if (fromSelection) setSelected((s) => withoutIds(s, alertIds));
    setSending((s) => withSending(s, alertIds, inbox));
    bulk.mutate(action === 'assign' ? { action, alertIds, assigneeId, fromSelection } : { action, alertIds, fromSelection });
  };
  const act = (action: 'acknowledge' | 'resolve') => run(action);
  const assign = (assigneeId: string | null) => run('assign', assigneeId);
  const moveTo = (index: number) => {
    const at = Math.min(rows.length - 1, Math.max(0, index));
    const row = rows[at];
    if (!row) return;
    onFocus(row.id);
    const element = listRef.current;
    const top = at * rowHeight;
    if (element && (top < element.scrollTop || top + rowHeight > element.scrollTop + element.clientHeight)) element.scrollTop = top - element.clientHeight / 2;
  };
  // Stable, so rows whose alert, selection and focus did not change skip rendering (InboxRow is memo).
  const toggle = useCallback((id: string) => setSelected((s) => {
    const next = new Set(s);
    if (!next.delete(id)) next.add(id);
    return next;
  }), []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const key = event.key;
    if ((event.ctrlKey || event.metaKey) && key === 'a') setSelected(new Set(rows.map((a) => a.id)));
    else if (key === 'j' || key === 'ArrowDown') moveTo(focusIndex + 1);
    else if (key === 'k' || key === 'ArrowUp') moveTo(focusIndex - 1);
    else if (key === 'x' || key === ' ') {
      if (rows[focusIndex]) toggle(rows[focusIndex].id);
    } else if (key === 'a') act('acknowledge');
    else if (key === 'r') act('resolve');
    else if (key === 'Escape') setSelected(new Set());
    else return;
    event.preventDefault();
  };

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(rows.length, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  return (
    <div className="inbox">
      <div className="inbox__bar">
        <label className="visually-hidden" htmlFor="inbox-sort">Sort</label>
        <select id="inbox-sort" className="input input--small" value={sort} onChange={(e) => onSort(e.target.value as InboxSort)}>
          <option value="newest">Newest first</option>
          <option value="oldest">Oldest first</option>
          <option value="severity">Most severe first</option>
          <option value="vehicle">By vehicle</option>
        </select>
        <span className="muted" data-testid="inbox-count">{rows.length} alerts</span>
      </div>
      {/* Always there, one fixed height: the list below does not move (a layout of the whole
          panel) when a selection starts or an acted-on selection ends (decision 0350). */}
      {selected.size === 0 ? (
        <div className="inbox__bulk inbox__bulk--empty">
          <span className="muted">Nothing selected · <kbd>x</kbd> or Ctrl+click selects alerts to act on together</span>
        </div>
      ) : (
        <div className="inbox__bulk" role="toolbar" aria-label="Selected alerts">
          <strong data-testid="inbox-selected">{selected.size} selected</strong>
          {canHandle && <button type="button" className="button button--small" disabled={bulk.isPending} onClick={() => act('acknowledge')}>Acknowledge</button>}
          {canHandle && <button type="button" className="button button--small" disabled={bulk.isPending} onClick={() => act('resolve')}>Resolve</button>}
          {canHandle && (
            <select
              className="input input--small" aria-label="Assign selected to" value="" disabled={bulk.isPending || !people.data}
              onChange={(e) => e.target.value && assign(e.target.value === 'none' ? null : e.target.value)}
            >
              <option value="">{people.isError ? 'People unavailable offline' : 'Assign to…'}</option>
              <option value="none">Nobody (unassign)</option>
              {people.data?.items.map((p) => <option key={p.id} value={p.id}>{p.displayName}</option>)}
            </select>
          )}
          <button type="button" className="button button--small" onClick={() => setSelected(new Set())}>Clear</button>
        </div>
      )}
      {bulk.isError && <p className="field__error">{errorText(bulk.error)}</p>}
      <div
        ref={listRef}
        className="inbox__list"
        role="listbox"
        aria-label="Alerts"
        aria-multiselectable="true"
        aria-activedescendant={rows[focusIndex] ? `inbox-row-${rows[focusIndex].id}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <div style={{ height: rows.length * rowHeight, position: 'relative' }}>
          {rows.slice(first, last).map((alert, k) => (
            <InboxRow
              key={alert.id}
              alert={alert}
              vehicle={vehicleOf(alert)}
              top={(first + k) * rowHeight}
              selected={selected.has(alert.id)}
              queued={isWaiting(sending, alert)}
              focused={alert.id === rows[focusIndex]?.id}
              now={now}
              onToggle={toggle}
              onFocus={onFocus}
            />
          ))}
        </div>
      </div>
      <p className="inbox__keys muted" aria-label="Keyboard shortcuts">
        <kbd>j</kbd>/<kbd>k</kbd> next/previous · <kbd>x</kbd> select · <kbd>Ctrl</kbd>+<kbd>A</kbd> all · <kbd>a</kbd> acknowledge · <kbd>r</kbd> resolve · <kbd>Esc</kbd> clear · assign and note in the details
      </p>
    </div>
  );
}

interface RowProps {
  alert: ConsoleAlert;
  vehicle: string;
  top: number;
  selected: boolean;
  /** Waiting to send: queued by the engine, or just acted on (see `sending`). */
  queued: boolean;
  focused: boolean;
  now: number;
  onToggle(alertId: string): void;
  onFocus(alertId: string): void;
}

/**
 * One line of the inbox. Memoised: a key press in a 500-alert selection changes one or two rows,
 * and re-rendering the fifty in view for it cost more than the 50 ms an action may take
 * (docs/decisions/0270-alert-inbox-re-renders-only-itself.md). The alert compares by what the
 * row shows (`sameRowFace`), not by identity: the engine's "queued" copy of each acknowledged
 * alert then re-renders no row (docs/decisions/0510-inbox-actions-counted-to-their-frame-and-redrawn-less.md).
 */
const InboxRow = memo(function InboxRow({ alert, vehicle, top, selected, queued, focused, now, onToggle, onFocus }: RowProps) {
  const message = alertMessage(alert, useUnits());
  return (
    <div
      id={`inbox-row-${alert.id}`}
      role="option"
      aria-selected={selected}
      data-testid="inbox-row"
      // Of the statuses only "resolved" looks different (dimmed); an acknowledged row looks as an
      // open one, so acknowledging changes no class (sameRowFace, decision 0510).
      className={`inbox-row inbox-row--${alert.severity}${alert.status === 'resolved' ? ' inbox-row--resolved' : ''}${focused ? ' inbox-row--focused' : ''}`}
      style={{ top }}
      onClick={(e) => (e.ctrlKey || e.metaKey ? onToggle(alert.id) : onFocus(alert.id))}
    >
      <input type="checkbox" tabIndex={-1} aria-label={`Select ${vehicle}`} checked={selected} onChange={() => onToggle(alert.id)} onClick={(e) => e.stopPropagation()} />
      <span className={`inbox-row__sev sev--${alert.severity}`} title={alert.severity} aria-label={alert.severity} />
      <span className="inbox-row__vehicle">{vehicle}</span>
      <span className="inbox-row__what" title={message}>
        {/* Before the message: a long message is cut at the row's end, the mark must stay. */}
        {alert.escalatedAt && <span className="inbox-row__escalated" title="Escalated: nobody acknowledged it in time">Escalated </span>}
        {message}
        {alert.occurrences > 1 && <span className="inbox-row__count"> ×{alert.occurrences}</span>}
      </span>
      <span className="inbox-row__where">{alert.address && alert.address.kind !== 'none' ? <AddressText address={alert.address} /> : '—'}</span>
      <time className="inbox-row__age" dateTime={alert.openedAt}>{formatRelativeTime(alert.openedAt, now)}</time>
      <span className="inbox-row__assignee" title={alert.assignee ? `Assigned to ${alert.assignee.displayName}` : 'Unassigned'}>{alert.assignee?.displayName ?? '—'}</span>
      {/* Always there, shown or hidden: an element added to or removed from a row re-runs its
          grid layout, a mark shown or hidden is only painted (decision 0510). */}
      {queued ? (
        <span className="inbox-row__mark inbox-row__queued" role="img" aria-label="Waiting to send" title="Waiting to send" />
      ) : (
        <span className="inbox-row__mark" aria-hidden="true" />
      )}
    </div>
  );
}, sameRowProps);

/** The props of two renders of a row draw the same row: every prop the same, the alert by what the row shows. */
function sameRowProps(before: RowProps, after: RowProps): boolean {
  return (
    sameRowFace(before.alert, after.alert) &&
    before.vehicle === after.vehicle &&
    before.top === after.top &&
    before.selected === after.selected &&
    before.queued === after.queued &&
    before.focused === after.focused &&
    before.now === after.now &&
    before.onToggle === after.onToggle &&
    before.onFocus === after.onFocus
  );
}

interface BulkInput {
  action: 'acknowledge' | 'resolve' | 'assign';
  alertIds: string[];
  assigneeId?: string | null;
  /** The action was on the selection (not on the focused alert alone). */
  fromSelection: boolean;
}

/** The selection with the given alerts added back. */
function withIds(selection: ReadonlySet<string>, ids: readonly string[]): ReadonlySet<string> {
  return new Set([...selection, ...ids]);
}

/** The selection without the given alerts; the same set when none of them was in it. */
function withoutIds(selection: ReadonlySet<string>, ids: readonly string[]): ReadonlySet<string> {
  const next = new Set(selection);
  for (const id of ids) next.delete(id);
  return next.size === selection.size ? selection : next;
}
