import { Type, type Static } from 'typebox';
import { IsoDateTime, Uuid } from './ids.ts';
import { Address } from './places.ts';
import { SyncQueryFields, SyncResponseFields } from './sync-cursor.ts';

export const alertTypes = [
  'overspeed',
  'geofence_enter',
  'geofence_exit',
  'low_battery',
  'dtc',
  'device_offline',
  'harsh_braking',
  'harsh_acceleration',
  'ignition_outside_hours',
] as const;
export const AlertType = Type.Enum(alertTypes);
export type AlertType = (typeof alertTypes)[number];

export const alertSeverities = ['info', 'warning', 'critical'] as const;
export const AlertSeverity = Type.Enum(alertSeverities);
export type AlertSeverity = (typeof alertSeverities)[number];

/** open → acknowledged → resolved; open → resolved is allowed too. Resolved is final. */
export const alertStatuses = ['open', 'acknowledged', 'resolved'] as const;
export const AlertStatus = Type.Enum(alertStatuses);
export type AlertStatus = (typeof alertStatuses)[number];

export const UserRef = Type.Object({ id: Uuid, displayName: Type.String() });
export type UserRef = Static<typeof UserRef>;

export const AlertNote = Type.Object({
  id: Uuid,
  author: Type.Union([UserRef, Type.Null()]),
  text: Type.String(),
  createdAt: IsoDateTime,
});
export type AlertNote = Static<typeof AlertNote>;

/**
 * One alert = one episode. Repeats of the same condition (same device, type and key, e.g. the
 * same geofence or DTC) while the alert is unresolved, or within the cool-down after it was last
 * seen, raise `occurrences` and `lastSeenAt` instead of opening a new alert.
 * `version` rises on every change; actions send it back as `expectedVersion`.
 */
export const Alert = Type.Object({
  id: Uuid,
  deviceId: Uuid,
  type: AlertType,
  severity: AlertSeverity,
  status: AlertStatus,
  /** A sentence for people, e.g. "Speed 112 km/h, limit 90 km/h". */
  message: Type.String(),
  openedAt: IsoDateTime,
  lastSeenAt: IsoDateTime,
  occurrences: Type.Integer({ minimum: 1 }),
  acknowledgedBy: Type.Union([UserRef, Type.Null()]),
  acknowledgedAt: Type.Union([IsoDateTime, Type.Null()]),
  /** null with a resolvedAt: resolved by the system (e.g. a device came back online). */
  resolvedBy: Type.Union([UserRef, Type.Null()]),
  resolvedAt: Type.Union([IsoDateTime, Type.Null()]),
  assignee: Type.Union([UserRef, Type.Null()]),
  notes: Type.Array(AlertNote),
  /**
   * Type-specific facts: speedKmh/limitKmh/limitSource ('posted' | 'tenant', see
   * AppliedSpeedLimit in places.ts), geofenceId/geofenceName, code/description, voltage …
   */
  details: Type.Record(Type.String(), Type.Unknown()),
  /**
   * Where the vehicle was when the alert opened, computed when the alert is written and stored
   * with it, so notifications and offline consoles carry it. `{ kind: 'none' }` when the alert
   * has no position (e.g. device offline before any fix) or the point is outside every known area.
   */
  address: Address,
  /**
   * Raised inside its rule's quiet hours (contract/api/alert-rules.ts): recorded and listed, but
   * no sound, desktop notification, webhook or e-mail. Absent in alerts cached before rules existed.
   */
  quiet: Type.Optional(Type.Boolean()),
  /** When the escalation rule notified again and assigned it; null/absent = not escalated. */
  escalatedAt: Type.Optional(Type.Union([IsoDateTime, Type.Null()])),
  version: Type.Integer({ minimum: 1 }),
});
export type Alert = Static<typeof Alert>;

/** GET /api/alerts — newest first when paging; by change when syncing with `since`. */
export const AlertListQuery = Type.Object(
  {
    status: Type.Optional(AlertStatus),
    /** `active` = open or acknowledged. */
    state: Type.Optional(Type.Literal('active')),
    type: Type.Optional(AlertType),
    severity: Type.Optional(AlertSeverity),
    deviceId: Type.Optional(Uuid),
    assigneeId: Type.Optional(Uuid),
    ...SyncQueryFields,
  },
  { additionalProperties: false },
);
export type AlertListQuery = Static<typeof AlertListQuery>;

export const AlertListResponse = Type.Object({ items: Type.Array(Alert), ...SyncResponseFields });
export type AlertListResponse = Static<typeof AlertListResponse>;

export const AlertParams = Type.Object({ alertId: Uuid }, { additionalProperties: false });
export type AlertParams = Static<typeof AlertParams>;

/**
 * Every action names the version the client saw. If the alert changed since (another
 * dispatcher acted, or an offline action is replayed late) the answer is 409 with
 * AlertConflictBody carrying the server's current alert, and nothing is changed.
 */
const expectedVersion = Type.Integer({ minimum: 1, description: 'The `version` of the alert the client acted on.' });
const noteText = Type.String({ minLength: 1, maxLength: 2000 });

/** POST /api/alerts/:alertId/acknowledge */
export const AcknowledgeAlertRequest = Type.Object({ expectedVersion, note: Type.Optional(noteText) }, { additionalProperties: false });
export type AcknowledgeAlertRequest = Static<typeof AcknowledgeAlertRequest>;

/** POST /api/alerts/:alertId/resolve */
export const ResolveAlertRequest = Type.Object({ expectedVersion, note: Type.Optional(noteText) }, { additionalProperties: false });
export type ResolveAlertRequest = Static<typeof ResolveAlertRequest>;

/** POST /api/alerts/:alertId/assign — assigneeId null unassigns. The assignee must be a member of the tenant. */
export const AssignAlertRequest = Type.Object(
  { expectedVersion, assigneeId: Type.Union([Uuid, Type.Null()]) },
  { additionalProperties: false },
);
export type AssignAlertRequest = Static<typeof AssignAlertRequest>;

/** POST /api/alerts/:alertId/notes — a note never conflicts, so expectedVersion is optional here. */
export const AddAlertNoteRequest = Type.Object(
  { text: noteText, expectedVersion: Type.Optional(expectedVersion) },
  { additionalProperties: false },
);
export type AddAlertNoteRequest = Static<typeof AddAlertNoteRequest>;

/** 409 body of alert actions: what the server holds now, so the client can show or retry. */
export const AlertConflictBody = Type.Object({
  error: Type.Literal('conflict'),
  /** edited-elsewhere (params.currentVersion), alert-resolved or alert-acknowledged (contract/error-reasons.ts). */
  reason: Type.Optional(Type.String()),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]))),
  message: Type.String(),
  current: Alert,
});
export type AlertConflictBody = Static<typeof AlertConflictBody>;

/**
 * GET /api/alerts/assignees: the people an alert can be assigned to (members of the caller's
 * tenant whose role has `alerts.handle`), id and display name only, so that anyone who may
 * handle alerts can pick a colleague without `users.read`.
 */
export const AssigneeListResponse = Type.Object({ items: Type.Array(UserRef) });
export type AssigneeListResponse = Static<typeof AssigneeListResponse>;

/** One action of a bulk request (POST /api/alerts/bulk); the same rules as the single-alert routes. */
export const BulkAlertAction = Type.Union([
  Type.Object({ alertId: Uuid, action: Type.Literal('acknowledge'), expectedVersion, note: Type.Optional(noteText) }, { additionalProperties: false }),
  Type.Object({ alertId: Uuid, action: Type.Literal('resolve'), expectedVersion, note: Type.Optional(noteText) }, { additionalProperties: false }),
  Type.Object({ alertId: Uuid, action: Type.Literal('assign'), expectedVersion, assigneeId: Type.Union([Uuid, Type.Null()]) }, { additionalProperties: false }),
  Type.Object({ alertId: Uuid, action: Type.Literal('note'), text: noteText, expectedVersion: Type.Optional(expectedVersion) }, { additionalProperties: false }),
]);
export type BulkAlertAction = Static<typeof BulkAlertAction>;

/**
 * POST /api/alerts/bulk — up to 1,000 actions (e.g. 500 acknowledgements) in one request and one
 * transaction. Each action succeeds or is refused on its own, exactly as its single route would
 * answer; one alert's conflict never undoes another's action. An alert appears at most once.
 */
export const BulkAlertRequest = Type.Object({ actions: Type.Array(BulkAlertAction, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false });
export type BulkAlertRequest = Static<typeof BulkAlertRequest>;

export const BulkAlertOutcome = Type.Union([
  Type.Object({ alertId: Uuid, ok: Type.Literal(true), alert: Alert }),
  Type.Object({
    alertId: Uuid,
    ok: Type.Literal(false),
    /** 409 conflict (with `current`), 404 not found, 400 invalid (e.g. assignee-invalid). */
    status: Type.Union([Type.Literal(400), Type.Literal(404), Type.Literal(409)]),
    reason: Type.String(),
    params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]))),
    message: Type.String(),
    current: Type.Optional(Alert),
  }),
]);
export type BulkAlertOutcome = Static<typeof BulkAlertOutcome>;

/** In the order of the request. */
export const BulkAlertResponse = Type.Object({ results: Type.Array(BulkAlertOutcome) });
export type BulkAlertResponse = Static<typeof BulkAlertResponse>;
