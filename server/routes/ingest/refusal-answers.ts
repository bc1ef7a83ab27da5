import { ApiError } from '../../http/api-error.ts';
import type { AdmissionRefusal } from '../../ingest/ingest-pipeline-types.ts';

/** A refusal's whole HTTP answer, built once: what the raw listener writes (decision 0440). */
export interface RawRefusal {
  statusCode: number;
  /** Header names and values, flat, as `ServerResponse.writeHead` takes them. */
  headers: string[];
  /** ASCII JSON: Node then writes the head and the body in one socket write. */
  body: string;
  /** The ApiError's reason (the rejects-by-reason metric). */
  reason: string;
}

/**
 * The answers to refused reports, one per distinct answer (kind, wait, rate). An over-share
 * tenant has every report refused, and building an Error (its stack trace) for each was 8 % of the
 * server's busy time in bench:fairness's refusal phase (decision 0300). An ApiError is a value —
 * the error handler only reads it and never logs a client error's stack — so it can be reused.
 * Waits are 1–30 s and rates few (one per plan in use): bounded anyway.
 */
const errors = new Map<string, ApiError>();
const raw = new Map<string, RawRefusal>();
const memoLimit = 1000;

const memoOf = (refusal: AdmissionRefusal) => `${refusal.kind}:${refusal.retryAfterSeconds}:${refusal.kind === 'rate' ? refusal.ratePerSecond : ''}`;

/**
 * The unit's account is over its plan's rate or, with ingest saturated, over its share: 429
 * either way (it sends too much; the server is not failing), nothing stored, and the device
 * retries after the wait (decisions 0200 and 0300).
 */
export function refusalError(refusal: AdmissionRefusal): ApiError {
  const memo = memoOf(refusal);
  let error = errors.get(memo);
  if (error) return error;
  const { retryAfterSeconds } = refusal;
  error = refusal.kind === 'rate'
    ? new ApiError(429, 'throttled', `This fleet is over its plan's ingest rate (${refusal.ratePerSecond} positions/s); retry in ${retryAfterSeconds} seconds.`, { reason: 'ingest-rate-limited', params: { retryAfterSeconds, ratePerSecond: refusal.ratePerSecond }, retryAfterSeconds })
    : new ApiError(429, 'throttled', `The server is saturated and this fleet is over its share; retry in ${retryAfterSeconds} seconds.`, { reason: 'ingest-over-share', params: { retryAfterSeconds }, retryAfterSeconds });
  if (errors.size < memoLimit) errors.set(memo, error);
  return error;
}

/**
 * The same refusal as the bytes Fastify's error handler would send: the ApiError's body,
 * `content-type: application/json; charset=utf-8` and `retry-after`; Node adds `date`,
 * `connection` and `keep-alive` as for any answer.
 */
export function rawRefusal(refusal: AdmissionRefusal): RawRefusal {
  const memo = memoOf(refusal);
  let answer = raw.get(memo);
  if (answer) return answer;
  const error = refusalError(refusal);
  const body = JSON.stringify(error.toBody());
  answer = {
    statusCode: error.statusCode,
    headers: ['content-type', 'application/json; charset=utf-8', 'content-length', String(Buffer.byteLength(body)), 'retry-after', String(error.retryAfterSeconds)],
    body,
    reason: error.reason,
  };
  if (raw.size < memoLimit) raw.set(memo, answer);
  return answer;
}
