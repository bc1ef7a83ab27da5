import type { Role } from '../../../contract/api/auth.ts';
import { BridgeError, type BridgeErrorCode } from '../../../contract/bridge/bridge-error.ts';
import type { ErrorParams, ErrorReason, ErrorReasonParams } from '../../../contract/error-reasons.ts';
import type { MapUrlProblem } from '../../../contract/api/settings.ts';
import type { WebhookUrlProblem } from '../../../contract/api/notifications.ts';
import { deliveryErrorWords, webhookUrlWords } from './notification-words.ts';
import { countOf } from './plural.ts';

/*
 * The one place where failures become words. The fleet cloud and the engine send a code, a
 * specific reason and its parameters (contract/error-reasons.ts); this catalogue words every
 * reason (the compiler refuses a missing one), so wording and, later, language change here only.
 */

const roleWords: Record<Role, string> = { owner: 'an owner', admin: 'an admin', dispatcher: 'a dispatcher', viewer: 'a viewer', operator: 'a platform operator' };
const role = (r: string) => roleWords[r as Role] ?? r;

/** Object kinds named by not-found and name-taken. */
const kindWords: Record<string, string> = {
  'client-account': 'client account', 'registry-device': 'device in the registry', group: 'group', member: 'member of this account',
  vehicle: 'vehicle', geofence: 'geofence', trip: 'trip', alert: 'alert', username: 'username',
  driver: 'driver', 'driver-assignment': 'driver assignment', export: 'export of this account', 'report-schedule': 'report schedule',
};
const kind = (k: string) => kindWords[k] ?? k;

/** What is missing offline (not-stored-offline). */
const offlineWords: Record<string, string> = {
  'region-pack': 'No offline map of this workspace is stored on this computer.',
  'trip-track': 'This trip was not downloaded before the connection was lost, so it cannot be replayed offline.',
  assignees: 'The people to assign alerts to are not stored on this computer yet; connect once to load them.',
  'vehicle-health': 'No health readings of this vehicle are stored on this computer yet.',
  insights: 'These figures were not viewed before the connection was lost, so they are not on this computer. Pick a period you looked at while online, or reconnect.',
};

const passwordWords: Record<string, (limit?: number) => string> = {
  'min-length': (n) => `The password must be at least ${n} characters long.`,
  'max-length': (n) => `The password must be at most ${n} characters long.`,
  'contains-username': () => 'The password must not contain the username.',
  'few-characters': (n) => `The password must use at least ${n} different characters.`,
  common: () => 'This is a well-known password; choose another.',
};

/** Why a map URL cannot be used (the settings form checks before saving; the server says the same). */
export const mapUrlWords: Record<MapUrlProblem, string> = {
  empty: 'Enter the URL of a style.json or a .pmtiles archive.',
  not_a_url: 'This is not a complete URL (e.g. https://tiles.example.com/style.json).',
  not_http: 'The URL must start with http:// or https://.',
  has_credentials: 'The URL must not contain a user name or password.',
  too_long: 'The URL is longer than 2048 characters.',
};

/** Why a scheduled report's selection was refused (report-selection-invalid). */
const reportSelectionWords: Record<string, string> = {
  'group-required': 'Choose the group the report covers.',
  'vehicles-required': 'Choose at least one vehicle for the report.',
  'group-not-found': 'That group no longer exists in this account; choose another.',
  'vehicle-not-found': 'One of the chosen vehicles no longer exists in this account; choose again.',
  'not-for-kind': 'This field does not belong to the chosen kind of selection.',
  'driver-not-found': 'That driver is not in this account (or not in your groups); choose another.',
};

/** Words for a schema rule broken in a field (TypeBox keywords). */
function schemaWords(p: ErrorReasonParams['schema-violation']): string {
  const field = p.field ? `“${p.field}”` : 'The input';
  switch (p.rule) {
    case 'required': return `${field} is required.`;
    case 'additionalProperties': return `${field} is not an accepted field.`;
    case 'minLength': return p.limit === 1 ? `${field} cannot be empty.` : `${field} must be at least ${p.limit} characters long.`;
    case 'maxLength': return `${field} may be at most ${p.limit} characters long.`;
    case 'minimum': case 'exclusiveMinimum': return `${field} must be at least ${p.limit}.`;
    case 'maximum': case 'exclusiveMaximum': return `${field} may be at most ${p.limit}.`;
    case 'minItems': return `${field} needs at least ${p.limit} entries.`;
    case 'maxItems': return `${field} may have at most ${p.limit} entries.`;
    case 'enum': case 'const': return `${field} must be one of ${p.options ?? 'the allowed values'}.`;
    case 'nul-character': return `${field} contains an invisible NUL character; remove it and try again.`;
    case 'cursor': return `${field} is not a cursor this server gave out; start again from the first page.`;
    default: return `${field} is not valid.`;
  }
}

/** A date named in an error (a purge date), in words: "6 January 2027". */
export const dayWords = (iso: string) => {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? iso : new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(at);
};

const waitWords = (seconds: number) => (seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`);

const reasonWords: { [R in ErrorReason]: (p: ErrorReasonParams[R]) => string } = {
  'schema-violation': schemaWords,
  'unknown-method': (p) => `The console asked the engine for something it does not know (${p.method}). Restart the console.`,
  'wrong-credentials': () => 'The username or password is wrong.',
  'sign-in-throttled': (p) => `Too many failed sign-ins. Try again in ${waitWords(p.retryAfterSeconds)}.`,
  'session-ended': () => 'This session was ended (signed out, the password was changed, or it was used elsewhere). Sign in again.',
  'session-expired': () => 'The session has expired. Sign in again.',
  'refresh-token-invalid': () => 'The saved sign-in is no longer valid. Sign in again.',
  'access-token-missing': () => 'The fleet server asked for a sign-in. Sign in again.',
  'access-token-expired': () => 'The sign-in ran out. Sign in again.',
  'access-token-revoked': () => 'Your access changed or this session was ended. Sign in again if it does not continue by itself.',
  'access-token-invalid': () => 'The fleet server did not accept the sign-in. Sign in again.',
  'not-a-member': () => 'You are not a member of this account.',
  'account-suspended': (p) => `${p.tenantName} is suspended by your provider, so you cannot sign in to it. Ask your provider to re-activate it.`,
  'account-pending-deletion': (p) =>
    `${p.tenantName} is closed and will be deleted on ${dayWords(p.purgeAt)}. You cannot sign in to it; your provider can still restore it until then.`,
  'membership-ended': () => 'You are no longer a member of this account.',
  'permission-missing': (p) => `As ${role(p.role)} you may not do this (it needs the permission ${p.permission}).`,
  'current-password-wrong': () => 'That is not your current password.',
  'password-weak': (p) => (passwordWords[p.rule] ?? (() => 'Choose a stronger password.'))(p.limit),
  'not-found': (p) => `There is no such ${kind(p.kind)} (it may have been deleted).`,
  'endpoint-not-found': (p) => `The fleet server does not offer ${p.method} ${p.path}; it may be an older version.`,
  'no-report-yet': () => 'No health readings from this vehicle yet; they appear with its next report.',
  'cursor-unknown': () => 'The saved sync position is not valid on this server; the workspace will load again.',
  'name-taken': (p) => (p.kind === 'username' ? 'This username is taken; choose another.' : `Another ${kind(p.kind)} already has this name.`),
  'group-in-use': () => 'Move its vehicles and members to other groups before deleting this group.',
  'group-has-geofences': () => 'Geofences still belong to this group; move or delete them first.',
  'group-not-in-account': () => 'That group is not part of this account.',
  'role-not-allowed': (p) => `As ${role(p.ownRole)} you may not make someone ${role(p.role).replace(/^an? /, '')}.`,
  'scope-not-for-role': (p) => `${role(p.role).replace(/^an? /, '').replace(/^./, (c) => c.toUpperCase())}s always see every group; only dispatchers and viewers can be limited to groups.`,
  'own-membership': () => 'You cannot change or remove your own membership; ask another admin.',
  'last-owner': () => 'This is the last owner of the account; make someone else owner first.',
  'account-not-pending-deletion': () => 'This account is not pending deletion, so there is nothing to restore. Reload the list.',
  'account-already-pending-deletion': (p) => `This account is already to be deleted on ${dayWords(p.purgeAt)}. Restore it first to change anything else.`,
  'export-ticket-invalid': () => 'This export link was used already or has expired. Start a new export.',
  'account-has-devices': (p) => `Unassign or transfer this account's ${p.deviceCount} device(s) before deleting it.`,
  'unit-assigned-elsewhere': (p) => `This device is assigned to ${p.tenantName}; transfer it instead.`,
  'unit-not-assigned': () => 'This device is not assigned to anyone.',
  'unit-already-there': (p) => `This device already belongs to ${p.tenantName}.`,
  'unit-taken': () => 'This unit is already registered.',
  'plan-limit-reached': (p) =>
    p.limit === 'maxUsers'
      ? `The account's plan allows ${countOf(p.max, 'member', 'members')}, and ${p.used} ${p.used === 1 ? 'is' : 'are'} taken. Remove a member, or ask the provider for a larger plan.`
      : `The account's plan allows ${countOf(p.max, 'vehicle', 'vehicles')}, and ${p.used} ${p.used === 1 ? 'is' : 'are'} assigned. Unassign one first, or raise “Max vehicles” in the account's plan.`,
  'plan-burst-below-rate': (p) => `The ingest burst must be at least the sustained ingest rate (${p.ingestRate} fixes/s).`,
  'api-rate-limited': (p) => `This account sends more requests than its plan allows (${p.ratePerSecond} per second); retry in ${waitWords(p.retryAfterSeconds)}.`,
  'vehicle-transferred': () => 'This vehicle has left the account (its unit was transferred); it can no longer be edited.',
  'time-zone-unknown': (p) => `“${p.timeZone}” is not a time zone: pick one from the list (e.g. Europe/Stockholm).`,
  'locale-unknown': (p) => `“${p.locale}” is not a language and region the console knows (e.g. sv-SE, en-US).`,
  'edited-elsewhere': () => 'Someone else changed this while you were editing it. Reload to see their version, then make your change again.',
  'alert-resolved': () => 'This alert is already resolved.',
  'alert-acknowledged': () => 'This alert is already acknowledged.',
  'assignee-invalid': () => 'That person is not a member of this account.',
  'range-reversed': () => 'The end of the time range must be after its start.',
  'range-too-long': (p) => `A time range may span at most ${p.maxDays} days.`,
  'driver-tag-taken': () => 'Another driver already has this tag id; each key fob or card belongs to one driver.',
  'employee-number-taken': () => 'Another driver already has this employee number.',
  'driver-has-history': () => 'This driver has driven vehicles: the history keeps the name, so the driver cannot be deleted. Remove the tag id instead.',
  'assignment-overlaps': (p) => `The ${p.with === 'vehicle' ? 'vehicle already has a driver' : 'driver is already assigned to another vehicle'} from ${p.from} to ${p.to || 'now'}; choose another period.`,
  'assignment-ended': () => 'This assignment has already ended.',
  'map-url-invalid': (p) => mapUrlWords[p.problem as MapUrlProblem] ?? mapUrlWords.not_a_url,
  'fleet-has-no-positions': () => 'No vehicle you can see has reported a position yet, so there is no area to keep an offline map of.',
  'map-archive-unavailable': () => 'The fleet server has no map to cut an offline map from. Ask your provider to check its map archive.',
  'support-read-only': () => 'This support session is read-only: the account owner granted read access only. Ask them for read-write access to make changes.',
  'support-not-allowed': () => 'Support sessions cannot do this (managing members and support access stays with the account).',
  'support-grant-ended': (p) => (p.state === 'revoked' ? 'The account owner revoked the support access. The support session has ended.' : 'The support access has expired. The support session has ended.'),
  'metrics-not-configured': () => 'Metrics are off on this fleet server (it has no METRICS_TOKEN).',
  'metrics-token-invalid': () => 'The metrics token was not accepted.',
  'region-pack-invalid': () => 'The fleet server sent an offline map this console cannot read. Try again; if it keeps happening, tell your provider.',
  'webhook-url-invalid': (p) => webhookUrlWords[p.problem as WebhookUrlProblem] ?? webhookUrlWords.not_a_url,
  'report-selection-invalid': (p) => reportSelectionWords[p.problem] ?? 'The selection of vehicles does not fit its kind.',
  'report-period-reversed': () => 'The period ends before it starts; choose a “to” day on or after the “from” day.',
  'report-period-outside-retention': (p) =>
    `This account keeps its records for ${p.retentionDays} days, so a report can start on ${dayWords(p.earliest)} at the earliest; choose a later “from” day.`,
  'report-selection-empty': (p) =>
    p.selection === 'group' ? 'This group has no vehicles; choose another group.' : p.selection === 'vehicles' ? 'Choose at least one vehicle for the report.' : 'This account has no vehicles yet, so there is nothing to report.',
  'report-too-large': (p) =>
    `This report would list ${p.count.toLocaleString('en-GB')} rows; one report lists at most ${p.limit.toLocaleString('en-GB')}. Choose a shorter period or fewer vehicles.`,
  'report-not-offline': (p) =>
    p.earliest
      ? `Offline, this computer holds trips from ${dayWords(p.earliest)} on; choose a period that starts then or later, or reconnect.`
      : 'This report needs the fleet server (its records are not on this computer); reconnect to make it.',
  'webhook-test-failed': (p) => `The test call failed: ${deliveryErrorWords(p.error, p.httpStatus || null)} The webhook was not saved.`,
  'coordinates-invalid': (p) => `“${p.field}” must be a latitude and a longitude, e.g. 57.7089,11.9746.`,
  'polygon-too-few-points': (p) => `A polygon needs at least ${p.min} corners; it has ${p.count}. Click on the map to add corners.`,
  'polygon-too-many-points': (p) => `A polygon may have at most ${p.max} corners.`,
  'polygon-self-crossing': (p) => `The polygon's edges cross (corners ${p.edge} and ${p.otherEdge}); move a corner so the outline does not cross itself.`,
  'polygon-zero-area': () => 'The corners lie on one line; move one so the polygon encloses an area.',
  'circle-radius-missing': () => 'The circle needs a radius: drag its edge handle outwards.',
  'circle-too-large': (p) => `The circle is larger than ${p.maxM / 1000} km; draw a smaller one.`,
  'body-not-json': () => 'The data sent was not valid JSON.',
  'body-shape': () => 'The data sent did not have the expected shape.',
  'too-many-records': (p) => `At most ${p.max} records can be sent at once.`,
  'unit-account-suspended': (p) => `Device ${p.uniqueId} belongs to an account that is suspended or pending deletion; its reports are refused.`,
  'unit-not-registered': (p) => `Device ${p.uniqueId} is not registered, not assigned to a fleet, or did not send its key.`,
  'ingest-throttled': (p) => `Too many refused reports from this address; retry in ${p.retryAfterSeconds} seconds.`,
  'ingest-busy': (p) => `The fleet server is busy; retry in ${p.retryAfterSeconds} seconds.`,
  'ingest-rate-limited': (p) => `The fleet is over its plan's ingest rate (${p.ratePerSecond} positions/s); retry in ${p.retryAfterSeconds} seconds.`,
  'ingest-over-share': (p) => `The fleet server is saturated and this fleet is over its share; retry in ${p.retryAfterSeconds} seconds.`,
  'ingest-store-failed': (p) => `The fleet server could not store the data; retry in ${p.retryAfterSeconds} seconds.`,
  'fix-older-than-retention': (p) => `This position is older than the fleet keeps positions (${p.retentionDays} days), so it was not stored.`,
  'server-url-empty': () => 'Enter the fleet server address, e.g. https://fleet.example.com.',
  'server-url-invalid': (p) => `“${p.url}” is not a valid server address.`,
  'server-url-protocol': (p) => `The server address must start with http:// or https://, not ${p.protocol}//.`,
  'server-url-no-host': (p) => `“${p.url}” has no host name.`,
  'server-url-credentials': () => 'Do not put a user name or password in the server address.',
  'server-url-query': () => 'The server address cannot contain “?” or “#”.',
  'server-unreachable': (p) => `Cannot reach the fleet server at ${p.serverUrl}. Check the address and your network connection.`,
  'server-failed': (p) => `The fleet server at ${p.serverUrl} had a problem (HTTP ${p.status}). Try again in a moment.`,
  'live-connection-closed': () => 'The live connection to the fleet server closed; reconnecting.',
  'not-stored-offline': (p) => offlineWords[p.what] ?? 'This is not stored on this computer yet; connect once to load it.',
  'database-unreachable': () => 'The fleet server cannot reach its database. Try again in a moment.',
  'http-client-error': (p) => `The fleet server refused the request (HTTP ${p.status}).`,
  internal: () => 'Something went wrong in the console engine. Try again; if it keeps happening, restart the console.',
};

/** When a failure carries no reason: words for its broad code. */
const codeWords: Record<BridgeErrorCode, string> = {
  'invalid-input': 'Some of the input is not valid.',
  'bad-server-url': 'The server address is not valid.',
  'server-unreachable': 'The fleet server cannot be reached. Check your network connection.',
  'wrong-credentials': 'The username or password is wrong.',
  throttled: 'Too many attempts. Wait a moment and try again.',
  'session-expired': 'The session has expired. Sign in again.',
  forbidden: 'You may not do this.',
  'not-found': 'It is not there any more (it may have been deleted).',
  'unknown-workspace': 'This workspace is not open in the console any more.',
  conflict: 'Someone else changed this at the same time. Reload and try again.',
  'server-error': 'The fleet server had a problem. Try again in a moment.',
  internal: 'Something went wrong in the console engine. Try again; if it keeps happening, restart the console.',
};

const isReason = (value: string): value is ErrorReason => Object.hasOwn(reasonWords, value);

/** Words for a reason and its parameters, or null when the reason is not one this console knows. */
export function reasonText(reason: string | undefined, params: ErrorParams | undefined = {}): string | null {
  if (!reason || !isReason(reason)) return null;
  // Parameters arrive as data (IPC, JSON); each wording reads only the keys its reason declares.
  const words = reasonWords[reason] as (p: ErrorParams) => string;
  return words(params);
}

/**
 * What to tell the person about a failure. A known reason is worded here; a failure without one
 * (an older server, or engine notices not yet converted to reasons) shows the engine's message,
 * and anything that is not a BridgeError gets the generic words.
 */
export function errorText(error: unknown): string {
  if (error instanceof BridgeError) return reasonText(error.reason, error.params) ?? (error.message || codeWords[error.code]);
  return codeWords.internal;
}

/** A geofence save that failed: the editor keeps the drawing, so the words say what to do with it. */
export function geofenceSaveErrorText(error: unknown): string {
  if (error instanceof BridgeError && error.code === 'conflict') {
    return 'Someone else changed this geofence while you were editing it. Cancel, then edit it again to start from their version.';
  }
  if (error instanceof BridgeError && error.code === 'server-unreachable') {
    return 'The fleet cloud cannot be reached. Geofences can be changed only while connected; your drawing is kept here until you save or cancel.';
  }
  return errorText(error);
}

/** A sign-in that failed with something other than an engine error (a bug, a broken transport). */
export const signInUnexpectedText = 'Sign-in failed unexpectedly. Try again; if it keeps failing, restart the console.';

/** Words for a sign-in field left empty (checked before asking the engine). */
export const emptyFieldText = {
  serverUrl: reasonWords['server-url-empty']({}),
  username: 'Enter your username.',
  password: 'Enter your password.',
} as const;
