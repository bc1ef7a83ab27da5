import { Type } from 'typebox';
import { DeskAlertBehaviour } from '../desk-alerts.ts';
import type { Alert, UserRef } from '../../api/alerts.ts';
import { Uuid } from '../../api/ids.ts';
import type { BridgeCall, BridgeInput, BridgeSubscribe, Unsubscribe } from '../console-bridge.ts';
import { unwrap } from '../unwrap.ts';

const WorkspaceId = Type.String({ minLength: 1, maxLength: 256 });
const NoteText = Type.String({ minLength: 1, maxLength: 2000 });

export const alertActionKinds = ['acknowledge', 'resolve', 'assign', 'note'] as const;
export type AlertActionKind = (typeof alertActionKinds)[number];

/** An alert as the console holds it: the server's alert with offline changes applied on top. */
export interface ConsoleAlert extends Alert {
  /** Actions taken here that the server has not confirmed yet (offline or in flight). */
  pendingActions: AlertActionKind[];
}

export interface AlertList {
  workspaceId: string;
  /** Newest first. */
  items: ConsoleAlert[];
}

/** The people an alert can be assigned to (members whose role has `alerts.handle`). */
export interface AssigneeList {
  workspaceId: string;
  items: UserRef[];
  /** True when the server was unreachable and this is the list stored at the last sync. */
  fromCache: boolean;
}

/** Result of an action: applied at once; `queued` when it waits for the connection. */
export interface AlertActionResult {
  workspaceId: string;
  alert: ConsoleAlert;
  queued: boolean;
}

/**
 * Alerts that changed in the engine. `alertIds` are to be read again (`alerts.list` with
 * `alertIds`); `changes` carry the change itself where the engine knows it field by field (a bulk
 * action applied here, and the server's answer to it), so a screen holding 500 acknowledged
 * alerts applies a few fields to each instead of reading 500 whole alerts back
 * (docs/decisions/0380-alert-changes-travel-as-fields.md).
 */
export interface AlertsChangedEvent {
  workspaceId: string;
  alertIds: string[];
  changes?: AlertFieldChanges[];
}

/**
 * The same new field values for each of `ids` (500 acknowledgements share one status, actor and
 * time: one entry). `set` holds only fields that changed, with their new values, and always
 * `pendingActions`. A screen applies it to the copy it holds: changes travel in the order the
 * engine made them, on the same link as the reads, so that copy is the one they were made to.
 */
export interface AlertFieldChanges {
  ids: string[];
  set: Partial<ConsoleAlert> & Pick<ConsoleAlert, 'pendingActions'>;
}

/**
 * Result of a bulk action: which alerts it changed here; `queued` when they wait for the
 * connection. The alerts themselves reach every window through `onAlertsChanged` (500 of them
 * sent back in the answer too would only be decoded again).
 */
export interface AlertBulkResult {
  workspaceId: string;
  alertIds: string[];
  /** Alerts the action did not apply to here (already resolved, not in this workspace). */
  skipped: string[];
  queued: boolean;
}

/** The server refused an action taken offline: its state wins; show the person why. */
export interface ConflictEvent {
  workspaceId: string;
  alertId: string;
  action: AlertActionKind;
  /** For people, e.g. "Erik Dispatcher resolved this alert while you were offline." */
  message: string;
  /** The alert as the server holds it now (already written into the cache). */
  server: Alert;
}

const alertTarget = { workspaceId: WorkspaceId, alertId: Uuid };

/** The alert inbox: read from the cache; actions work offline and replay on reconnect. */
export const alertsInputs = {
  'alerts.list': Type.Object(
    {
      workspaceId: WorkspaceId,
      state: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('all')])),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
      /**
       * Only these alerts (those an `onAlertsChanged` named), whatever their state: a screen
       * holding thousands patches the few that changed instead of reading them all again.
       * Alerts no longer in the cache are left out.
       */
      alertIds: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 5000 })),
    },
    { additionalProperties: false },
  ),
  'alerts.acknowledge': Type.Object({ ...alertTarget, note: Type.Optional(NoteText) }, { additionalProperties: false }),
  'alerts.resolve': Type.Object({ ...alertTarget, note: Type.Optional(NoteText) }, { additionalProperties: false }),
  'alerts.assign': Type.Object({ ...alertTarget, assigneeId: Type.Union([Uuid, Type.Null()]) }, { additionalProperties: false }),
  'alerts.addNote': Type.Object({ ...alertTarget, text: NoteText }, { additionalProperties: false }),
  /**
   * One action on many alerts (multi-select in the inbox): applied here at once, queued, and sent
   * to the fleet cloud in one request; conflicts arrive per alert as `onConflict`.
   */
  'alerts.bulk': Type.Object(
    {
      workspaceId: WorkspaceId,
      alertIds: Type.Array(Uuid, { minItems: 1, maxItems: 5000, uniqueItems: true }),
      action: Type.Union([Type.Literal('acknowledge'), Type.Literal('resolve'), Type.Literal('assign')]),
      assigneeId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    },
    { additionalProperties: false },
  ),
  /** Online-first, then the copy stored on this computer, so assigning works offline too. */
  'alerts.assignees': Type.Object({ workspaceId: WorkspaceId }, { additionalProperties: false }),
  /** This person's desk behaviour per severity (their account, on this computer; works offline). */
  'alerts.deskBehaviour': Type.Object({ workspaceId: WorkspaceId }, { additionalProperties: false }),
  'alerts.setDeskBehaviour': Type.Object({ workspaceId: WorkspaceId, behaviour: DeskAlertBehaviour }, { additionalProperties: false }),
} as const;

export interface AlertsOutputs {
  'alerts.list': AlertList;
  'alerts.acknowledge': AlertActionResult;
  'alerts.resolve': AlertActionResult;
  'alerts.assign': AlertActionResult;
  'alerts.addNote': AlertActionResult;
  'alerts.bulk': AlertBulkResult;
  'alerts.assignees': AssigneeList;
  'alerts.deskBehaviour': DeskAlertBehaviour;
  'alerts.setDeskBehaviour': DeskAlertBehaviour;
}

export interface AlertsEvents {
  onAlertsChanged: AlertsChangedEvent;
  onConflict: ConflictEvent;
}
export const alertsEventNames = ['onAlertsChanged', 'onConflict'] as const satisfies ReadonlyArray<keyof AlertsEvents>;

export interface AlertsBridge {
  alerts: {
    list(input: BridgeInput<'alerts.list'>): Promise<AlertList>;
    acknowledge(input: BridgeInput<'alerts.acknowledge'>): Promise<AlertActionResult>;
    resolve(input: BridgeInput<'alerts.resolve'>): Promise<AlertActionResult>;
    assign(input: BridgeInput<'alerts.assign'>): Promise<AlertActionResult>;
    addNote(input: BridgeInput<'alerts.addNote'>): Promise<AlertActionResult>;
    bulk(input: BridgeInput<'alerts.bulk'>): Promise<AlertBulkResult>;
    assignees(input: BridgeInput<'alerts.assignees'>): Promise<AssigneeList>;
    deskBehaviour(input: BridgeInput<'alerts.deskBehaviour'>): Promise<DeskAlertBehaviour>;
    setDeskBehaviour(input: BridgeInput<'alerts.setDeskBehaviour'>): Promise<DeskAlertBehaviour>;
  };
  onAlertsChanged(listener: (event: AlertsChangedEvent) => void): Unsubscribe;
  onConflict(listener: (event: ConflictEvent) => void): Unsubscribe;
}

export function buildAlertsBridge(call: BridgeCall, subscribe: BridgeSubscribe): AlertsBridge {
  return {
    alerts: {
      list: (input) => unwrap(call('alerts.list', input)),
      acknowledge: (input) => unwrap(call('alerts.acknowledge', input)),
      resolve: (input) => unwrap(call('alerts.resolve', input)),
      assign: (input) => unwrap(call('alerts.assign', input)),
      addNote: (input) => unwrap(call('alerts.addNote', input)),
      bulk: (input) => unwrap(call('alerts.bulk', input)),
      assignees: (input) => unwrap(call('alerts.assignees', input)),
      deskBehaviour: (input) => unwrap(call('alerts.deskBehaviour', input)),
      setDeskBehaviour: (input) => unwrap(call('alerts.setDeskBehaviour', input)),
    },
    onAlertsChanged: (listener) => subscribe('onAlertsChanged', listener),
    onConflict: (listener) => subscribe('onConflict', listener),
  };
}
