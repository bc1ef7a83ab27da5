import { createHmac, randomBytes } from 'node:crypto';

/** A new webhook secret: 32 random bytes, base64url, prefixed so people recognise it. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * The signature header value for one call: HMAC-SHA256 over "<timestamp>.<body>" (the scheme in
 * contract/api/notifications.ts). The timestamp is inside the signed text, so a receiver that
 * refuses old timestamps also refuses a replayed request.
 */
export function signWebhook(secret: string, timestampSeconds: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
}
