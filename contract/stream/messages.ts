import { Type, type Static } from 'typebox';
import { Alert } from '../api/alerts.ts';
import { Uuid } from '../api/ids.ts';

/**
 * The live stream: one WebSocket per console session at GET /api/stream, authenticated with
 * the access token (`Authorization: Bearer …`, or `?access_token=…` where headers cannot be
 * set). It carries the token tenant's events, filtered to the session's group scope.
 *
 * Every event has `seq`, increasing per tenant. A client keeps the last `seq` it processed
 * and, after a reconnect, sends `resume` with it: the server replays everything after it in
 * order, then continues live. If that is too far back, the server sends `resync`; the client
 * then reloads over REST (the `since` sync of each list) and resumes from `resync.seq`.
 * `seq` is not contiguous for one client: events outside its group scope are skipped.
 */
export const StreamSeq = Type.Integer({ minimum: 0 });

/** A compact live fix. fixTime is epoch milliseconds (device time). */
export const LivePosition = Type.Object({
  deviceId: Uuid,
  fixTime: Type.Number(),
  latitude: Type.Number(),
  longitude: Type.Number(),
  speedKmh: Type.Number(),
  course: Type.Number(),
  ignition: Type.Union([Type.Boolean(), Type.Null()]),
});
export type LivePosition = Static<typeof LivePosition>;

export const liveDeviceStatuses = ['online', 'offline'] as const;
export const DeviceStatusChange = Type.Object({
  deviceId: Uuid,
  status: Type.Enum(liveDeviceStatuses),
  /** ISO-8601 server time of the change. */
  at: Type.String(),
});
export type DeviceStatusChange = Static<typeof DeviceStatusChange>;

// ---- server → client -------------------------------------------------------------------

/** First message after connecting: the tenant and its newest seq. */
export const HelloMessage = Type.Object({ type: Type.Literal('hello'), tenantId: Uuid, seq: StreamSeq, serverTime: Type.String() });
/**
 * New fixes in device-time order per device. `coalesced`: the client was too slow, so only
 * the latest fix per device since its last message is included; its seq covers the skipped ones.
 */
export const PositionsMessage = Type.Object({
  type: Type.Literal('positions'),
  seq: StreamSeq,
  positions: Type.Array(LivePosition),
  coalesced: Type.Optional(Type.Boolean()),
});
export const DeviceStatusMessage = Type.Object({ type: Type.Literal('deviceStatus'), seq: StreamSeq, changes: Type.Array(DeviceStatusChange) });
/** An alert was opened or changed (repeat, acknowledge, resolve, assign, note): the full alert. */
export const AlertMessage = Type.Object({ type: Type.Literal('alert'), seq: StreamSeq, alert: Alert });
/** Sent after a replayed `resume` has caught up: from here on the stream is live. */
export const ResumedMessage = Type.Object({ type: Type.Literal('resumed'), fromSeq: StreamSeq, seq: StreamSeq });
/** The requested history is gone (too old) or the client fell too far behind: reload, then resume from `seq`. */
export const ResyncMessage = Type.Object({
  type: Type.Literal('resync'),
  reason: Type.Union([Type.Literal('too_old'), Type.Literal('ahead'), Type.Literal('overflow')]),
  seq: StreamSeq,
});
/** Sent every few seconds when idle; lets a client advance its seq past events outside its scope. */
export const HeartbeatMessage = Type.Object({ type: Type.Literal('heartbeat'), seq: StreamSeq });
export const PongMessage = Type.Object({ type: Type.Literal('pong'), id: Type.Optional(Type.String({ maxLength: 64 })) });
/** A bad client message; the socket stays open. */
export const StreamErrorMessage = Type.Object({ type: Type.Literal('error'), code: Type.String(), message: Type.String() });

export const ServerMessage = Type.Union([
  HelloMessage,
  PositionsMessage,
  DeviceStatusMessage,
  AlertMessage,
  ResumedMessage,
  ResyncMessage,
  HeartbeatMessage,
  PongMessage,
  StreamErrorMessage,
]);
export type ServerMessage = Static<typeof ServerMessage>;
/** Messages that carry an event of the tenant (and so a seq to remember). */
export type EventMessage = Static<typeof PositionsMessage> | Static<typeof DeviceStatusMessage> | Static<typeof AlertMessage>;

// ---- client → server -------------------------------------------------------------------

/** Replay every event after `fromSeq`, then go live. Send once, right after `hello`. */
export const ResumeRequest = Type.Object({ type: Type.Literal('resume'), fromSeq: StreamSeq }, { additionalProperties: false });
export const PingRequest = Type.Object({ type: Type.Literal('ping'), id: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false });
export const ClientMessage = Type.Union([ResumeRequest, PingRequest]);
export type ClientMessage = Static<typeof ClientMessage>;

/** Close codes the server uses (4000–4999 are application codes). */
export const streamCloseCodes = {
  /** The access token expired while connected: refresh it and reconnect with resume. */
  tokenExpired: 4001,
  unauthenticated: 4003,
  serverShutdown: 1001,
} as const;
