import { lookup } from 'node:dns/promises';
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
  const cause = (error as { cause?: { code?: string } } | null)?.cause;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  if (cause?.code === 'ECONNREFUSED') return 'connection-refused';
  if (cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN') return 'dns-failed';
  return 'network';
}

/**
 * One signed POST. 2xx is success; anything else (redirects included: they are not followed, so
 * a receiver cannot bounce the call to an internal address) is a failure with its code.
 */
export async function sendWebhook(call: WebhookCall, options: SendOptions): Promise<WebhookAttempt> {
  const started = Date.now();
  const url = new URL(call.url);
  const refused = await addressAllowed(url, options.allowPrivate);
  if (refused) return failed(refused, started);
  const timestamp = Math.floor((options.now ?? Date.now)() / 1000);
  try {
    const response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'fleet-cloud-webhooks/1',
        [webhookTimestampHeader]: String(timestamp),
        [webhookSignatureHeader]: signWebhook(call.secret, timestamp, call.body),
        [webhookEventHeader]: call.event,
        [webhookDeliveryHeader]: call.deliveryId,
      },
      body: call.body,
    });
    // The answer's body is of no interest; read it so the connection is released.
    await response.arrayBuffer().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { ok: true, httpStatus: response.status, error: null, durationMs: Date.now() - started };
    return failed('http-status', started, response.status);
  } catch (error) {
    return failed(networkCode(error), started);
  }
}
