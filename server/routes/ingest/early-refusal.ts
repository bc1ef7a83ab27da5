import type { FastifyRequest } from 'fastify';
import { presentedKey } from '../../ingest/device-keys.ts';
import type { IngestPipeline } from '../../ingest/ingest-pipeline.ts';
import type { AdmissionRefusal } from '../../ingest/ingest-pipeline-types.ts';

/** The header a batch (or any variant) may carry the unit's key in. */
export const deviceKeyHeader = 'x-device-key';

/** The last of a repeated query parameter, as the OsmAnd parser reads it. */
const last = (value: unknown): unknown => (Array.isArray(value) ? (value[value.length - 1] as unknown) : value);

/**
 * The early refusal of an OsmAnd report (decision 0300): the unit id and key of a report sent in
 * the query string (Traccar Client's GET or POST without a body) are enough to know, from memory,
 * that its tenant is being refused — so it is answered before its fields are parsed, its unit is
 * looked up or anything is queued. A report with a body (form fields, JSON, a batch) may name its
 * unit there: it takes the full path. `headerKey`: the key from the X-Device-Key header, if any.
 */
export function refuseEarly(pipeline: IngestPipeline, request: FastifyRequest, headerKey: string | null, now: number): AdmissionRefusal | null {
  const { headers } = request;
  if ((headers['content-length'] !== undefined && headers['content-length'] !== '0') || headers['transfer-encoding'] !== undefined) return null;
  const query = request.query as Record<string, unknown>;
  const uniqueId = last(query.id ?? query.deviceid);
  if (typeof uniqueId !== 'string') return null;
  return pipeline.refuseEarly(uniqueId, headerKey ?? presentedKey(query.key), now);
}
