import { lookup } from 'node:dns/promises';
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { addressClass, webhookDeliveryHeader, webhookEventHeader, webhookSignatureHeader, webhookTimestampHeader, webhookUrlProblem, type DeliveryAttempt, type DeliveryErrorCode } from '../../contract/api/notifications.ts';
import { signWebhook } from './webhook-signature.ts';

export interface WebhookCall {
  url: string;
  secret: string;
  event: string;
  deliveryId: string;
  /** The JSON text sent as is (the signature covers these exact bytes). */
  body: string;
}

export interface SendOptions {
  allowPrivate: boolean;
  timeoutMs?: number;
  /** Unix milliseconds, for the timestamp header (tests pass a fixed clock). */
  now?: () => number;
}

/** The attempt's outcome; `error` is a DeliveryErrorCode. */
export type WebhookAttempt = DeliveryAttempt & { error: DeliveryErrorCode | null };

const failed = (error: DeliveryErrorCode, started: number, httpStatus: number | null = null): WebhookAttempt =>
  ({ ok: false, httpStatus, error, durationMs: Math.max(0, Date.now() - started) });

/**
 * Whether the host may be called: the URL's own rule (contract webhookUrlProblem), then its
 * resolved addresses under the same rule, so a public name pointing at a private address is
 * refused too. (A name that changes its answer between this check and the request can still slip
 * through; receivers on private networks are refused by default, not guaranteed unreachable.)
 */
async function addressAllowed(url: URL, allowPrivate: boolean): Promise<DeliveryErrorCode | null> {
  if (webhookUrlProblem(url.href, allowPrivate)) return 'address-refused';
  if (allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return null;
  try {
    const answers = await lookup(host, { all: true });
    return answers.some((a) => addressClass(a.address) !== 'public') ? 'address-refused' : null;
  } catch {
    return 'dns-failed';
  }
}

function networkCode(error: unknown): DeliveryErrorCode {
  const code = (error as { code?: string } | null)?.code;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  if (code === 'ECONNREFUSED') return 'connection-refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns-failed';
  return 'network';
}

/**
 * Connections kept open between calls (decision 0450): at 100 alerts a second to one receiver,
 * fetch (undici) and a new connection per call cost the fleet cloud ≈ 2 ms of CPU per call.
 * An idle connection is closed after 4 s, before a receiver's usual 5 s keep-alive timeout
 * closes it under a call.
 */
const agents = { 'http:': new HttpAgent({ keepAlive: true, timeout: 4000 }), 'https:': new HttpsAgent({ keepAlive: true, timeout: 4000 }) };

/** One POST on a kept-open connection; the status once the answer's body has been read (and dropped). */
function post(url: URL, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req: ClientRequest = send(url, { method: 'POST', agent: agents[url.protocol === 'https:' ? 'https:' : 'http:'], headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, signal }, (res: IncomingMessage) => {
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
      res.resume();
    });
    req.on('error', (error) => {
      // A kept connection the receiver closed as the call went out: the call never reached it.
      if (req.reusedSocket && (error as { code?: string }).code === 'ECONNRESET' && !signal.aborted) post(url, headers, body, signal).then(resolve, reject);
      else reject(error);
    });
    req.end(body);
  });
}

/**
 * One signed POST. 2xx is success; anything else (redirects included) is a failure with its code.
 */
export async function sendWebhook(call: WebhookCall, options: SendOptions): Promise<WebhookAttempt> {
  const started = Date.now();
  const url = new URL(call.url);
  const refused = await addressAllowed(url, options.allowPrivate);
  if (refused) return failed(refused, started);
  const timestamp = Math.floor((options.now ?? Date.now)() / 1000);
  try {
    // Redirects are not followed (node:http never does), so a receiver cannot bounce the call to an internal address.
    const status = await post(url, {
      'content-type': 'application/json',
      'user-agent': 'fleet-cloud-webhooks/1',
      [webhookTimestampHeader]: String(timestamp),
      [webhookSignatureHeader]: signWebhook(call.secret, timestamp, call.body),
      [webhookEventHeader]: call.event,
      [webhookDeliveryHeader]: call.deliveryId,
    }, call.body, AbortSignal.timeout(options.timeoutMs ?? 10_000));
    if (status >= 200 && status < 300) return { ok: true, httpStatus: status, error: null, durationMs: Date.now() - started };
    return failed('http-status', started, status);
  } catch (error) {
    return failed(networkCode(error), started);
  }
}
