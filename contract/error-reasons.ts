/**
 * Why a request failed, as a stable code and its parameters. The fleet cloud and the console's
 * engine send these; the renderer turns them into words (renderer/src/ui/error-text.ts), so
 * wording and language change in one place. `message` beside them stays as an English fallback
 * for API consumers and logs.
 *
 * Parameters are codes, numbers or names from the data (a tenant's name), never sentences.
 */
export interface ErrorReasonParams {
  // Input checked against a schema (TypeBox): the field and the rule it broke.
  'schema-violation': { field: string; rule: string; limit?: number; options?: string };
  'unknown-method': { method: string };

  // Sign-in, sessions, tokens.
  'wrong-credentials': Record<string, never>;
  'sign-in-throttled': { retryAfterSeconds: number };
  'session-ended': Record<string, never>;
  'session-expired': Record<string, never>;
  'refresh-token-invalid': Record<string, never>;
  'access-token-missing': Record<string, never>;
  'access-token-expired': Record<string, never>;
  'access-token-invalid': Record<string, never>;
  /** The session ended, the member's role or scope changed, or the account was suspended. */
  'access-token-revoked': Record<string, never>;
  'not-a-member': Record<string, never>;
  /** The user's account (tenant) is suspended by the provider: no sign-in until it is re-activated. */
  'account-suspended': { tenantName: string };
  /** The user's account is to be deleted on `purgeAt` (ISO 8601); the provider can still restore it. */
  'account-pending-deletion': { tenantName: string; purgeAt: string };
  'membership-ended': Record<string, never>;
  'permission-missing': { permission: string; role: string };
  'current-password-wrong': Record<string, never>;
  /** rule: min-length | max-length | contains-username | few-characters | common */
  'password-weak': { rule: string; limit?: number };

  // Objects that are not there (or not visible: the same answer, so ids cannot be probed).
  'not-found': { kind: string };
  'endpoint-not-found': { method: string; path: string };
  'no-report-yet': Record<string, never>;
  'cursor-unknown': { field: string };

  // Rules of the data.
  'name-taken': { kind: string };
  'group-in-use': Record<string, never>;
  'group-has-geofences': Record<string, never>;
  'group-not-in-account': Record<string, never>;
  'role-not-allowed': { role: string; ownRole: string };
  'scope-not-for-role': { role: string };
  'own-membership': Record<string, never>;
  'last-owner': Record<string, never>;
  'account-has-devices': { deviceCount: number };
  /** Restore asked of an account that is not pending deletion; scheduling asked twice. */
  'account-not-pending-deletion': Record<string, never>;
  'account-already-pending-deletion': { purgeAt: string };
  /** An export download whose one-time ticket is wrong, used or expired. */
  'export-ticket-invalid': Record<string, never>;
  'unit-assigned-elsewhere': { tenantName: string };
  'unit-not-assigned': Record<string, never>;
  'unit-already-there': { tenantName: string };
  'unit-taken': Record<string, never>;
  /** The account's plan allows no more (contract/api/plans.ts PlanLimit); `used` of `max` taken. */
  'plan-limit-reached': { limit: string; max: number; used: number };
  /** A plan's burst must be at least its sustained ingest rate. */
  'plan-burst-below-rate': { ingestRate: number };
  /** The account's plan allows this many API requests per second; retry after the wait. */
  'api-rate-limited': { retryAfterSeconds: number; ratePerSecond: number };
  'vehicle-transferred': Record<string, never>;
  'time-zone-unknown': { timeZone: string };
  'locale-unknown': { locale: string };
  'edited-elsewhere': { currentVersion: number };
  'alert-resolved': Record<string, never>;
  'alert-acknowledged': Record<string, never>;
  'assignee-invalid': Record<string, never>;
  'range-reversed': Record<string, never>;
  'range-too-long': { maxDays: number };
  /** Drivers (contract/api/drivers.ts). */
  'driver-tag-taken': Record<string, never>;
  'employee-number-taken': Record<string, never>;
  'driver-has-history': Record<string, never>;
  /** Another assignment of the vehicle or the driver covers part of the period; `with` says which. */
  'assignment-overlaps': { with: 'vehicle' | 'driver'; from: string; to: string };
  'assignment-ended': Record<string, never>;

  // Geofence shapes (contract/geo).
  'polygon-too-few-points': { count: number; min: number };
  'polygon-too-many-points': { count: number; max: number };
  'polygon-self-crossing': { edge: number; otherEdge: number };
  'polygon-zero-area': Record<string, never>;
  'circle-radius-missing': Record<string, never>;
  'circle-too-large': { radiusM: number; maxM: number };

  // Device ingest.
  'body-not-json': Record<string, never>;
  'body-shape': Record<string, never>;
  'too-many-records': { max: number };
  /** Also the answer to a report whose key was refused: the two must not be told apart. */
  'unit-not-registered': { uniqueId: string };
  /** The unit proved itself, but its account is suspended or pending deletion: reports are refused. */
  'unit-account-suspended': { uniqueId: string };
  'ingest-throttled': { retryAfterSeconds: number };
  'ingest-busy': { retryAfterSeconds: number };
  /** The unit's account is over its plan's ingest rate (sustained + burst). */
  'ingest-rate-limited': { retryAfterSeconds: number; ratePerSecond: number };
  /** Ingest is saturated and the unit's account holds more than its share (decision 0200). */
  'ingest-over-share': { retryAfterSeconds: number };
  'ingest-store-failed': { retryAfterSeconds: number };
  /** A fix older than the tenant's retention: it would be deleted on arrival, so it is refused. */
  'fix-older-than-retention': { retentionDays: number };

  // The console's engine.
  'server-url-empty': Record<string, never>;
  'server-url-invalid': { url: string };
  'server-url-protocol': { protocol: string };
  'server-url-no-host': { url: string };
  'server-url-credentials': Record<string, never>;
  'server-url-query': Record<string, never>;
  'server-unreachable': { serverUrl: string };
  'server-failed': { serverUrl: string; status: number };
  'live-connection-closed': { code: number };
  'not-stored-offline': { what: string };
  'database-unreachable': Record<string, never>;
  'http-client-error': { status: number };
  /** A map URL setting that cannot be used; `problem` is contract/api/settings.ts MapUrlProblem. */
  'map-url-invalid': { field: string; problem: string };
  /** A webhook URL that cannot be used; `problem` is contract/api/notifications.ts WebhookUrlProblem. */
  'webhook-url-invalid': { problem: string };
  /** The webhook's test call failed; `error` is a DeliveryErrorCode, `httpStatus` 0 when none came back. */
  'webhook-test-failed': { error: string; httpStatus: number };
  /**
   * A scheduled report's selection that does not fit its kind (decision 0260); `problem`:
   * group-required | vehicles-required | group-not-found | vehicle-not-found | not-for-kind;
   * reports (GET /api/reports) also driver-not-found.
   */
  'report-selection-invalid': { problem: string };
  /** A report whose `from` day is after its `to` day. */
  'report-period-reversed': { from: string; to: string };
  /** A report period that starts before the oldest kept day (`earliest`, YYYY-MM-DD): the account keeps `retentionDays`. */
  'report-period-outside-retention': { retentionDays: number; earliest: string };
  /** A report selection without vehicles; `selection`: all | group | vehicles. */
  'report-selection-empty': { selection: string };
  /** A report that would list `count` rows, over the `limit` one report lists (nothing is cut short). */
  'report-too-large': { limit: number; count: number };
  /**
   * Offline, the console makes a report only from what its cache holds: `kind` needs the fleet
   * cloud (`earliest` empty), or the period starts before `earliest`, the oldest cached day.
   */
  'report-not-offline': { kind: string; earliest: string };
  /** A "latitude,longitude" parameter that is not two numbers within ±90 and ±180. */
  'coordinates-invalid': { field: string };
  /** Offline region packs (contract/api/map-packs.ts). */
  'fleet-has-no-positions': Record<string, never>;
  'map-archive-unavailable': Record<string, never>;
  'region-pack-invalid': Record<string, never>;
  /** Support sessions (decision 0210): a write under a read-only grant; a permission support never has; the grant ended. */
  'support-read-only': { permission: string; access: string };
  'support-not-allowed': { permission: string; access: string };
  'support-grant-ended': { state: 'expired' | 'revoked' };
  /** Prometheus metrics (server/metrics): off without METRICS_TOKEN; the token did not match. */
  'metrics-not-configured': Record<string, never>;
  'metrics-token-invalid': Record<string, never>;
  internal: Record<string, never>;
}

export type ErrorReason = keyof ErrorReasonParams;
/** Parameters as they travel (JSON, IPC): flat values only. */
export type ErrorParams = Record<string, string | number | boolean>;

/** A reason and its parameters, checked against each other where both are known at compile time. */
export type ReasonWithParams = { [R in ErrorReason]: ErrorReasonParams[R] extends Record<string, never> ? { reason: R; params?: ErrorReasonParams[R] } : { reason: R; params: ErrorReasonParams[R] } }[ErrorReason];
