import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Transform, pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { MapGatewayForwardedHeader } from '../../../contract/map-gateway.ts';

/** Why a tile server's answer never arrived (or was cut), as the gateway's problem codes. */
export class UpstreamProblem extends Error {
  readonly problem: 'unreachable' | 'timeout' | 'too_large';

  constructor(problem: UpstreamProblem['problem'], message: string) {
    super(message);
    this.name = 'UpstreamProblem';
    this.problem = problem;
  }
}

export interface UpstreamLimits {
  /** Until the answer's headers, and longest silence while its body streams. */
  timeoutMs: number;
  /** Largest body passed on; a larger declared length is refused, a longer stream is cut. */
  maxBytes: number;
}

export interface UpstreamAnswer {
  status: number;
  /** Lower-case names; only those the gateway passes on (see `passedHeaders`). */
  headers: Record<string, string>;
  body: Readable;
}


/** Answer headers the page may see: enough for Range reads and caching, never cookies. */
const passedHeaders = ['content-type', 'content-length', 'content-range', 'accept-ranges', 'etag', 'last-modified', 'cache-control', 'expires', 'location'];

const decoders: Record<string, () => Transform> = { gzip: createGunzip, 'x-gzip': createGunzip, deflate: createInflate, br: createBrotliDecompress };

/**
 * One GET to a tile server (no redirects followed: the caller checks each hop). The body streams
 * and is never held whole; a body that the server compressed anyway is decompressed here, so
 * both hosts hand the page plain bytes with honest lengths.
 */
export function fetchUpstream(target: URL, headers: Partial<Record<MapGatewayForwardedHeader, string>>, limits: UpstreamLimits, signal?: AbortSignal): Promise<UpstreamAnswer> {
  return new Promise((resolve, reject) => {
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(target, { method: 'GET', headers: { ...headers, 'accept-encoding': 'identity', 'user-agent': 'FleetConsole-MapGateway' }, ...(signal ? { signal } : {}) });
    const timer = setTimeout(() => request.destroy(new UpstreamProblem('timeout', `${target.origin} did not answer within ${limits.timeoutMs} ms`)), limits.timeoutMs);
    request.once('error', (error) => {
      clearTimeout(timer);
      reject(error instanceof UpstreamProblem ? error : new UpstreamProblem('unreachable', `${target.origin}: ${error.message}`));
    });
    request.once('response', (response: IncomingMessage) => {
      clearTimeout(timer);
      try {
        resolve(answerOf(response, limits));
      } catch (error) {
        response.destroy();
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    request.end();
  });
}

function answerOf(response: IncomingMessage, limits: UpstreamLimits): UpstreamAnswer {
  const headers: Record<string, string> = {};
  for (const name of passedHeaders) {
    const value = response.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const declared = Number(headers['content-length'] ?? Number.NaN);
  if (declared > limits.maxBytes) throw new UpstreamProblem('too_large', `the answer has ${declared} bytes; the gateway passes on at most ${limits.maxBytes}`);
  response.setTimeout(limits.timeoutMs, () => response.destroy(new UpstreamProblem('timeout', `the answer stopped for ${limits.timeoutMs} ms`)));
  const encoding = (response.headers['content-encoding'] ?? 'identity').toLowerCase();
  const decoder = decoders[encoding];
  // An error anywhere (a cut, the silence timeout, the byte limit) destroys every stage, so the
  // reader of `body` sees it and the socket to the tile server closes.
  const ignore = () => undefined;
  let body: Readable;
  if (decoder) {
    // The decoded length differs from the declared one.
    delete headers['content-length'];
    body = pipeline(response, decoder(), byteLimit(limits.maxBytes), ignore);
  } else {
    body = pipeline(response, byteLimit(limits.maxBytes), ignore);
  }
  return { status: response.statusCode ?? 502, headers, body };
}

/** Cuts a stream that grows past `maxBytes` (a server that lied about, or never sent, its length). */
function byteLimit(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) return done(new UpstreamProblem('too_large', `the answer grew past ${maxBytes} bytes`));
      done(null, chunk);
    },
  });
}

/** Reads a small JSON answer whole (styles, TileJSON); anything but a 2xx JSON body throws. */
export async function readJson(answer: UpstreamAnswer): Promise<unknown> {
  if (answer.status < 200 || answer.status > 299) {
    answer.body.destroy();
    throw new Error(`HTTP ${answer.status}`);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of answer.body) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}
