import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { IngestResult, type RejectedRecord } from '../../../contract/api/telemetry.ts';
import { ApiError } from '../../http/api-error.ts';
import { errorResponses } from '../../http/error-responses.ts';
import type { FrontDoor } from '../../http/front-door.ts';
import type { RoutePlugin } from '../../http/wire-types.ts';
import type { DatabaseHealth } from '../../db/database-health.ts';
import { presentedKey } from '../../ingest/device-keys.ts';
import type { IngestPipeline } from '../../ingest/ingest-pipeline.ts';
import { IngestOverloadedError, IngestRefusedError, type SubmitResult } from '../../ingest/ingest-pipeline-types.ts';
import { parseOsmAnd } from '../../ingest/parse-osmand.ts';
import { parseOsmAndJson } from '../../ingest/parse-osmand-json.ts';
import { parseTelemetryRecord } from '../../ingest/parse-telemetry-record.ts';
import type { ParseResult, Report } from '../../ingest/report.ts';
import { RejectionThrottle } from '../../ingest/rejection-throttle.ts';
import { quietDeviceRequests } from './device-request-log.ts';
import { deviceKeyHeader, refuseEarly } from './early-refusal.ts';
import { rawIngestRefusal } from './raw-refusal.ts';
import { refusalError } from './refusal-answers.ts';

export interface IngestRouteOptions {
  pipeline: IngestPipeline;
  /** Per-address limit on refused reports (tests pass a small one). */
  throttle?: RejectionThrottle;
  /**
   * Where an over-share tenant's query-string reports are refused below Fastify (decision 0440);
   * absent: the `onRequest` early refusal answers them (it also answers `app.inject`'s).
   */
  frontDoor?: FrontDoor;
  /** The app's `trustProxy`: the raw refusal reads the client address as `request.ip` does. */
  trustProxy?: boolean;
}

export { deviceKeyHeader };

const osmAndSchema = {
  summary: 'OsmAnd / Traccar Client report (query string, form fields, or the JSON variant)',
  description:
    'One fix per request, as Traccar Client sends it: `id`, `lat`, `lon` (or `location`), `timestamp`, `speed` (knots), ' +
    '`bearing`, `altitude`, `accuracy`, `batt`, `charge`, … as query or form fields; or the JSON body ' +
    '`{ device_id, key, location: { timestamp, coords, battery, is_moving, extras } }`. The unit\'s key (its reporting secret ' +
    'from the device registry) comes as the `key` query or form field, the JSON `key`, or the `X-Device-Key` header. ' +
    'Answers 200 with an empty body when stored; an unknown unit and a refused key get the same 404; too many refusals ' +
    'from one address get 429; so does a report of an account over its plan\'s ingest rate or its share of a saturated server ' +
    '(with Retry-After; nothing stored).',
  tags: ['ingest'],
  response: { 200: Type.Null(), ...errorResponses(400, 403, 404, 429, 503) },
};

/**
 * Device-facing endpoints. No access token: devices identify by unit id, which the registry
 * must know and have assigned to a tenant. Every record is validated on its own.
 */
export const ingestRoutes: RoutePlugin<IngestRouteOptions> = async (app, { pipeline, throttle = new RejectionThrottle(), frontDoor, trustProxy = false }) => {
  // A request log per report is a log line per fix: warnings and errors only, and a summary a minute.
  const summary = quietDeviceRequests(app);
  if (frontDoor) {
    // Counted as the metrics plugin's and the summary's onResponse hooks count a device answer.
    const { metrics } = app;
    frontDoor.answerWith(rawIngestRefusal({
      pipeline,
      throttle,
      trustProxy,
      answered: (route, reason, seconds) => {
        metrics.ingestRequest(route, seconds);
        metrics.ingestRequestRefused(reason);
        summary?.answered(429);
      },
    }));
    app.addHook('onClose', (_app, done) => {
      frontDoor.answerWith(null);
      done();
    });
  }
  // Trackers send form bodies, JSON, or nothing with odd content types: read them all as text.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 8 * 1024 * 1024 }, (_request, body, done) => done(null, body));

  // Refused reports (unknown unit, refused key) are counted per address; past the limit the
  // address waits, whatever it sends, so ids and keys cannot be walked.
  // A callback hook: it runs for every report, and an async one costs a promise each time.
  app.addHook('onRequest', (request, _reply, done) => {
    const wait = throttle.retryAfter(request.ip, Date.now());
    if (wait > 0) {
      done(new ApiError(429, 'throttled', `Too many refused reports from this address; retry in ${wait} seconds.`, { reason: 'ingest-throttled', params: { retryAfterSeconds: wait }, retryAfterSeconds: wait }));
      return;
    }
    done();
  });
  // A report of a tenant being refused (over its plan's rate, or over its share of a saturated
  // server) is answered before it is parsed or looked up: refusals must cost little (decision 0300).
  app.addHook('onRequest', (request, _reply, done) => {
    const refusal = refuseEarly(pipeline, request, presentedKey(request.headers[deviceKeyHeader]), Date.now());
    done(refusal ? refusalError(refusal) : undefined);
  });

  const single = async (parsed: ParseResult, key: string | null, request: FastifyRequest, reply: FastifyReply) => {
    if (!parsed.ok) {
      pipeline.counts.count(null, 'invalid', 1);
      throw new ApiError(400, 'invalid_input', parsed.problem.message, { field: parsed.problem.field, reason: 'schema-violation', params: { field: parsed.problem.field, rule: 'invalid' } });
    }
    const result = await submit(pipeline, app.db.health, [parsed.report], [key], request.log);
    tagTenants(request, reply, result);
    if (result.unknown.length > 0) {
      throttle.record(request.ip, Date.now());
      // One answer for "no such unit" and "not this unit's key": the answer must not tell which.
      throw new ApiError(404, 'not_found', `Device ${parsed.report.uniqueId} is not registered, not assigned to a fleet, or did not send its key.`, {
        field: 'id',
        reason: 'unit-not-registered',
        params: { uniqueId: parsed.report.uniqueId },
      });
    }
    if (result.suspended.length > 0) {
      // The unit proved itself: it may know its account is closed (it will not be told by a 404).
      throw new ApiError(403, 'forbidden', `The account of device ${parsed.report.uniqueId} is suspended; reports are not accepted.`, {
        field: 'id',
        reason: 'unit-account-suspended',
        params: { uniqueId: parsed.report.uniqueId },
      });
    }
    logKeyless(result, request.log);
    const old = result.tooOld[0];
    if (old) {
      throw new ApiError(400, 'invalid_input', `timestamp is older than this fleet keeps positions (${old.retentionDays} days)`, { field: 'timestamp', reason: 'fix-older-than-retention', params: { retentionDays: old.retentionDays } });
    }
    if (result.conflicts > 0) request.log.warn({ uniqueId: parsed.report.uniqueId, fixTime: parsed.report.fixTime }, 'a fix with the time of a different stored fix was kept in position_conflicts');
    return reply.code(200).send();
  };

  const osmAnd = async (request: FastifyRequest, reply: FastifyReply) => {
    const t = pipeline.metrics.mark();
    const now = Date.now();
    const body = typeof request.body === 'string' ? request.body.trim() : '';
    const type = String(request.headers['content-type'] ?? '');
    const query = request.query as Record<string, unknown>;
    let parsed: ParseResult;
    // The key: the X-Device-Key header, else the `key` field of whatever carried the fix.
    let key = presentedKey(request.headers[deviceKeyHeader]);
    if (body.startsWith('{') || type.includes('json')) {
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        throw new ApiError(400, 'invalid_input', 'The body is not valid JSON', { field: 'body', reason: 'body-not-json' });
      }
      parsed = parseOsmAndJson(json, now);
      key ??= presentedKey((json as { key?: unknown } | null)?.key) ?? presentedKey(query.key);
    } else {
      // Form fields join the query's; a phone's GET has none (no copy then).
      const fields: Record<string, unknown> = body ? { ...query } : query;
      if (body) for (const [name, value] of new URLSearchParams(body)) fields[name] = value;
      parsed = parseOsmAnd(fields, now);
      key ??= presentedKey(fields.key);
    }
    pipeline.metrics.stage('parse', t);
    return single(parsed, key, request, reply);
  };

  for (const url of ['/', '/osmand']) {
    app.get(url, { config: { access: 'device' }, schema: osmAndSchema }, (request, reply) => osmAnd(request, reply));
    app.post(url, { config: { access: 'device' }, schema: osmAndSchema }, (request, reply) => osmAnd(request, reply));
  }

  app.post(
    '/api/ingest/batch',
    {
      config: { access: 'device' },
      schema: {
        summary: 'Batch of telematics records (OBD-II dongles, gateways), up to 10,000',
        description:
          'Body `{ records: TelemetryRecord[] }`. Each record is validated on its own: bad ones are listed in `rejected`, good ones stored. ' +
          'Resending a record is harmless (`duplicates`). The unit\'s key comes in the `X-Device-Key` header (or `?key=`) and applies to every record.',
        tags: ['ingest'],
        response: { 200: IngestResult, ...errorResponses(400, 429, 503) },
      },
    },
    async (request, reply): Promise<IngestResult> => {
      const t = pipeline.metrics.mark();
      const now = Date.now();
      let body: unknown;
      try {
        body = typeof request.body === 'string' ? JSON.parse(request.body) : request.body;
      } catch {
        throw new ApiError(400, 'invalid_input', 'The body is not valid JSON', { field: 'body', reason: 'body-not-json' });
      }
      const records = (body as { records?: unknown } | null)?.records;
      if (typeof body !== 'object' || body === null || !Array.isArray(records)) {
        throw new ApiError(400, 'invalid_input', 'The body must be { "records": [ … ] }', { field: 'records', reason: 'body-shape' });
      }
      if (records.length > 10_000) throw new ApiError(400, 'invalid_input', 'records may hold at most 10000 records', { field: 'records', reason: 'too-many-records', params: { max: 10_000 } });
      const rejected: RejectedRecord[] = [];
      const good: Report[] = [];
      const goodIndex: number[] = [];
      records.forEach((record, index) => {
        const parsed = parseTelemetryRecord(record, `records[${index}]`, now);
        if (parsed.ok) {
          good.push(parsed.report);
          goodIndex.push(index);
        } else rejected.push({ index, field: parsed.problem.field, message: parsed.problem.message, reason: 'invalid' });
      });
      pipeline.metrics.stage('parse', t);
      if (rejected.length > 0) pipeline.counts.count(null, 'invalid', rejected.length);
      // One key for the batch (a dongle sends its own records): the header, else ?key=.
      const key = presentedKey(request.headers[deviceKeyHeader]) ?? presentedKey((request.query as Record<string, unknown>).key);
      const result = await submit(pipeline, app.db.health, good, good.map(() => key), request.log);
      tagTenants(request, reply, result);
      if (result.unknown.length > 0) throttle.record(request.ip, Date.now(), result.unknown.length);
      logKeyless(result, request.log);
      for (const i of result.unknown) {
        const index = goodIndex[i] ?? 0;
        rejected.push({
          index,
          field: `records[${index}].deviceId`,
          message: `Device ${good[i]?.uniqueId} is not registered, not assigned to a fleet, or did not send its key`,
          reason: 'unknown_device',
        });
      }
      for (const i of result.suspended) {
        const index = goodIndex[i] ?? 0;
        rejected.push({ index, field: `records[${index}].deviceId`, message: `The account of device ${good[i]?.uniqueId} is suspended; reports are not accepted`, reason: 'account_suspended' });
      }
      for (const { index: i, retentionDays } of result.tooOld) {
        const index = goodIndex[i] ?? 0;
        rejected.push({ index, field: `records[${index}].time`, message: `records[${index}].time is older than this fleet keeps positions (${retentionDays} days)`, reason: 'outside_retention' });
      }
      rejected.sort((a, b) => a.index - b.index);
      if (result.conflicts > 0) request.log.warn({ conflicts: result.conflicts }, 'fixes with the time of a different stored fix kept in position_conflicts');
      return { stored: result.stored, duplicates: result.duplicates, conflicts: result.conflicts, rejected };
    },
  );
};

/**
 * From here on the request's log lines (its warnings, Fastify's "request completed") name the
 * tenant(s) the reports belonged to (decision 0211). A dongle's batch is one unit, so one tenant.
 */
function tagTenants(request: FastifyRequest, reply: FastifyReply, result: SubmitResult): void {
  const [first, ...more] = result.tenants;
  if (first === undefined) return;
  request.log = reply.log = request.log.child(more.length === 0 ? { tenantId: first } : { tenantIds: result.tenants });
}

/**
 * Reports a `log`-mode tenant took without a valid key: what its operator reads before
 * enforcing. Once per unit per `keylessLogEveryMs` (a unit reports every few seconds).
 */
const keylessLogEveryMs = 10 * 60_000;
const keylessLogged = new Map<string, number>();
function logKeyless(result: SubmitResult, log: FastifyBaseLogger, now = Date.now()): void {
  for (const k of result.keyless) {
    const last = keylessLogged.get(k.uniqueId);
    if (last !== undefined && now - last < keylessLogEveryMs) continue;
    if (keylessLogged.size >= 100_000) keylessLogged.clear();
    keylessLogged.set(k.uniqueId, now);
    log.warn({ uniqueId: k.uniqueId, key: k.check }, 'device report taken without a valid key (device authentication: log); next notice for this unit in 10 min');
  }
}

async function submit(pipeline: IngestPipeline, health: DatabaseHealth, reports: Report[], keys: (string | null)[], log: FastifyBaseLogger) {
  // While the database is known to be down, answer at once: queueing would only hold the
  // device's request until it fails anyway (decision 0111). The device keeps its fixes and retries.
  if (!health.available) {
    throw new ApiError(503, 'internal', 'The database is not reachable; retry later.', { retryAfterSeconds: 5, reason: 'database-unreachable' });
  }
  try {
    return await pipeline.submit(reports, keys);
  } catch (error) {
    // Over capacity is load shedding working as designed (a warning, counted by whoever
    // watches the logs); anything else means the database is down or failing (an error).
    // Either way the device should retry later (Traccar Client does).
    if (error instanceof IngestRefusedError) throw refusalError(error.refusal);
    if (error instanceof IngestOverloadedError) {
      log.warn({ pending: pipeline.backlog }, 'ingest over capacity: answered 503');
      throw new ApiError(503, 'internal', 'The server is busy; retry later.', { retryAfterSeconds: 5, reason: 'ingest-busy', params: { retryAfterSeconds: 5 } });
    }
    log.error({ err: error }, 'ingest failed');
    throw new ApiError(503, 'internal', 'Could not store the data right now; retry later.', { retryAfterSeconds: 5, reason: 'ingest-store-failed', params: { retryAfterSeconds: 5 } });
  }
}
