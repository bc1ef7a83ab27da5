import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { IngestResult, type RejectedRecord } from '../../../contract/api/telemetry.ts';
import { ApiError } from '../../http/api-error.ts';
import { errorResponses } from '../../http/error-responses.ts';
import type { RoutePlugin } from '../../http/wire-types.ts';
import type { DatabaseHealth } from '../../db/database-health.ts';
import { IngestOverloadedError, type IngestPipeline } from '../../ingest/ingest-pipeline.ts';
import { parseOsmAnd } from '../../ingest/parse-osmand.ts';
import { parseOsmAndJson } from '../../ingest/parse-osmand-json.ts';
import { parseTelemetryRecord } from '../../ingest/parse-telemetry-record.ts';
import type { ParseResult, Report } from '../../ingest/report.ts';

export interface IngestRouteOptions {
  pipeline: IngestPipeline;
}

const osmAndSchema = {
  summary: 'OsmAnd / Traccar Client report (query string, form fields, or the JSON variant)',
  description:
    'One fix per request, as Traccar Client sends it: `id`, `lat`, `lon` (or `location`), `timestamp`, `speed` (knots), ' +
    '`bearing`, `altitude`, `accuracy`, `batt`, `charge`, … as query or form fields; or the JSON body ' +
    '`{ device_id, location: { timestamp, coords, battery, is_moving, extras } }`. Answers 200 with an empty body when stored.',
  tags: ['ingest'],
  response: { 200: Type.Null(), ...errorResponses(400, 404, 503) },
};

/**
 * Device-facing endpoints. No access token: devices identify by unit id, which the registry
 * must know and have assigned to a tenant. Every record is validated on its own.
 */
export const ingestRoutes: RoutePlugin<IngestRouteOptions> = async (app, { pipeline }) => {
  // Trackers send form bodies, JSON, or nothing with odd content types: read them all as text.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 8 * 1024 * 1024 }, (_request, body, done) => done(null, body));

  const single = async (parsed: ParseResult, reply: FastifyReply, log: FastifyBaseLogger) => {
    if (!parsed.ok) throw new ApiError(400, 'invalid_input', parsed.problem.message, { field: parsed.problem.field, reason: 'schema-violation', params: { field: parsed.problem.field, rule: 'invalid' } });
    const result = await submit(pipeline, app.db.health, [parsed.report], log);
    if (result.unknown.length > 0) {
      throw new ApiError(404, 'not_found', `Device ${parsed.report.uniqueId} is not registered or not assigned to a fleet.`, { field: 'id', reason: 'unit-not-registered', params: { uniqueId: parsed.report.uniqueId } });
    }
    const old = result.tooOld[0];
    if (old) {
      throw new ApiError(400, 'invalid_input', `timestamp is older than this fleet keeps positions (${old.retentionDays} days)`, { field: 'timestamp', reason: 'fix-older-than-retention', params: { retentionDays: old.retentionDays } });
    }
    if (result.conflicts > 0) log.warn({ uniqueId: parsed.report.uniqueId, fixTime: parsed.report.fixTime }, 'a fix with the time of a different stored fix was kept in position_conflicts');
    return reply.code(200).send();
  };

  const osmAnd = async (request: { query: unknown; body: unknown; headers: Record<string, string | string[] | undefined>; log: FastifyBaseLogger }, reply: FastifyReply) => {
    const t = pipeline.metrics.mark();
    const now = Date.now();
    const body = typeof request.body === 'string' ? request.body.trim() : '';
    const type = String(request.headers['content-type'] ?? '');
    let parsed: ParseResult;
    if (body.startsWith('{') || type.includes('json')) {
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        throw new ApiError(400, 'invalid_input', 'The body is not valid JSON', { field: 'body', reason: 'body-not-json' });
      }
      parsed = parseOsmAndJson(json, now);
    } else {
      const fields: Record<string, unknown> = { ...(request.query as Record<string, unknown>) };
      if (body) for (const [key, value] of new URLSearchParams(body)) fields[key] = value;
      parsed = parseOsmAnd(fields, now);
    }
    pipeline.metrics.stage('parse', t);
    return single(parsed, reply, request.log);
  };

  for (const url of ['/', '/osmand']) {
    app.get(url, { schema: osmAndSchema }, (request, reply) => osmAnd(request, reply));
    app.post(url, { schema: osmAndSchema }, (request, reply) => osmAnd(request, reply));
  }

  app.post(
    '/api/ingest/batch',
    {
      schema: {
        summary: 'Batch of telematics records (OBD-II dongles, gateways), up to 10,000',
        description: 'Body `{ records: TelemetryRecord[] }`. Each record is validated on its own: bad ones are listed in `rejected`, good ones stored. Resending a record is harmless (`duplicates`).',
        tags: ['ingest'],
        response: { 200: IngestResult, ...errorResponses(400, 503) },
      },
    },
    async (request): Promise<IngestResult> => {
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
      const result = await submit(pipeline, app.db.health, good, request.log);
      for (const i of result.unknown) {
        const index = goodIndex[i] ?? 0;
        rejected.push({ index, field: `records[${index}].deviceId`, message: `Device ${good[i]?.uniqueId} is not registered or not assigned to a fleet`, reason: 'unknown_device' });
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

async function submit(pipeline: IngestPipeline, health: DatabaseHealth, reports: Report[], log: FastifyBaseLogger) {
  // While the database is known to be down, answer at once: queueing would only hold the
  // device's request until it fails anyway (decision 0111). The device keeps its fixes and retries.
  if (!health.available) {
    throw new ApiError(503, 'internal', 'The database is not reachable; retry later.', { retryAfterSeconds: 5, reason: 'database-unreachable' });
  }
  try {
    return await pipeline.submit(reports);
  } catch (error) {
    // Over capacity is load shedding working as designed (a warning, counted by whoever
    // watches the logs); anything else means the database is down or failing (an error).
    // Either way the device should retry later (Traccar Client does).
    if (error instanceof IngestOverloadedError) {
      log.warn({ pending: pipeline.backlog }, 'ingest over capacity: answered 503');
      throw new ApiError(503, 'internal', 'The server is busy; retry later.', { retryAfterSeconds: 5, reason: 'ingest-busy', params: { retryAfterSeconds: 5 } });
    }
    log.error({ err: error }, 'ingest failed');
    throw new ApiError(503, 'internal', 'Could not store the data right now; retry later.', { retryAfterSeconds: 5, reason: 'ingest-store-failed', params: { retryAfterSeconds: 5 } });
  }
}
