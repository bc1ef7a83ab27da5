import type { IncomingMessage } from 'node:http';
import type { RawAnswer } from '../../http/front-door.ts';
import { presentedKey } from '../../ingest/device-keys.ts';
import type { IngestPipeline } from '../../ingest/ingest-pipeline.ts';
import type { RejectionThrottle } from '../../ingest/rejection-throttle.ts';
import { deviceKeyHeader } from './early-refusal.ts';
import { rawRefusal } from './refusal-answers.ts';

export interface RawRefusalOptions {
  pipeline: IngestPipeline;
  /** The routes' per-address throttle: a throttled address is left to Fastify, which answers it first. */
  throttle: RejectionThrottle;
  /** As the app's `trustProxy` (a boolean here): the client address is X-Forwarded-For's first. */
  trustProxy: boolean;
  /** Counts an answered refusal where Fastify's onResponse hooks would (HTTP metrics, log summary). */
  answered(route: '/' | '/osmand', reason: string, seconds: number): void;
}

/** The client address as Fastify's `request.ip` gives it (proxy-addr with every hop trusted, or the socket's). */
export function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  const header = trustProxy ? request.headers['x-forwarded-for'] : undefined;
  const forwarded = Array.isArray(header) ? header[0] : header;
  if (forwarded) {
    const comma = forwarded.indexOf(',');
    const first = (comma < 0 ? forwarded : forwarded.slice(0, comma)).trim();
    if (first) return first;
  }
  return request.socket.remoteAddress ?? '';
}

/** The last value of a repeated query parameter, as Fastify's query parser and the OsmAnd parser read it; null when absent. */
function lastOf(query: URLSearchParams, name: string): string | null {
  const all = query.getAll(name);
  return all.length === 0 ? null : (all[all.length - 1] ?? null);
}

/**
 * Refuses an over-share tenant's report below Fastify (decision 0440). The same request as the
 * routes' early refusal (`early-refusal.ts`, decision 0300) — a phone's OsmAnd report to `/` or
 * `/osmand` with its unit and key in the query string and no body — from a unit resolved recently
 * whose key its tenant admits, while that tenant is being refused, gets the same 429 with
 * Retry-After, pre-built and written in one call. Everything else returns false and takes
 * Fastify's path unchanged: an address under the per-address throttle (Fastify answers it
 * first), a URL with a percent-encoded NUL (the NUL guard answers it), an unknown unit, a bad
 * key, a tenant being admitted, HEAD and any other method. Nothing is parsed beyond the query
 * string, nothing is looked up but memory, and nothing is queued: a 2xx still means committed.
 */
export function rawIngestRefusal(options: RawRefusalOptions): RawAnswer {
  const { pipeline, throttle, trustProxy, answered } = options;
  return (request, response) => {
    const { method, url } = request;
    if ((method !== 'GET' && method !== 'POST') || url === undefined) return false;
    const q = url.indexOf('?');
    const route = q === 1 && url.charCodeAt(0) === 47 ? '/' : q === 7 && url.startsWith('/osmand') ? '/osmand' : null;
    if (route === null) return false;
    const { headers } = request;
    if ((headers['content-length'] !== undefined && headers['content-length'] !== '0') || headers['transfer-encoding'] !== undefined) return false;
    if (url.includes('%00')) return false;
    const start = performance.now();
    const now = Date.now();
    if (throttle.retryAfter(clientAddress(request, trustProxy), now) > 0) return false;
    const query = new URLSearchParams(url.slice(q + 1));
    const uniqueId = lastOf(query, 'id') ?? lastOf(query, 'deviceid');
    if (uniqueId === null) return false;
    const refusal = pipeline.refuseEarly(uniqueId, presentedKey(headers[deviceKeyHeader]) ?? presentedKey(lastOf(query, 'key')), now);
    if (!refusal) return false;
    const answer = rawRefusal(refusal);
    response.writeHead(answer.statusCode, answer.headers);
    response.end(answer.body);
    answered(route, answer.reason, (performance.now() - start) / 1000);
    return true;
  };
}
