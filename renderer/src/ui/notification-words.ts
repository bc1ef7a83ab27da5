import type { DeliveryErrorCode, WebhookUrlProblem } from '../../../contract/api/notifications.ts';

/** Why a webhook URL was refused, in words (codes from contract/api/notifications.ts). */
export const webhookUrlWords: Record<WebhookUrlProblem, string> = {
  empty: 'Enter the URL that should receive alerts, e.g. https://dispatch.example.com/hooks/fleet.',
  not_a_url: 'This is not a complete URL (e.g. https://dispatch.example.com/hooks/fleet).',
  not_http: 'The URL must start with http:// or https://.',
  has_credentials: 'The URL must not contain a user name or password; the signature proves who sends.',
  too_long: 'The URL is longer than 2048 characters.',
  loopback_address: 'This URL points at the fleet cloud’s own machine (localhost). Your provider allows this only for on-premise installations.',
  private_address: 'This URL points at a private network address. Your provider allows this only for on-premise installations.',
};

/** Why a delivery attempt failed, in words; `http-<status>` carries the receiver's answer. */
export function deliveryErrorWords(code: string | null, httpStatus?: number | null): string {
  if (code === null) return '';
  const status = httpStatus ?? Number(/^http-(\d+)$/.exec(code)?.[1] ?? NaN);
  if (code === 'http-status' || code.startsWith('http-')) return Number.isFinite(status) ? `The receiver answered ${status}.` : 'The receiver answered with an error.';
  const words: Record<DeliveryErrorCode, string> = {
    'http-status': 'The receiver answered with an error.',
    timeout: 'The receiver did not answer in time.',
    'connection-refused': 'Nothing accepts connections at that address.',
    'dns-failed': 'The host name could not be found.',
    network: 'The network connection failed.',
    'address-refused': 'The address is on a private network, which your provider does not allow.',
    'smtp-not-configured': 'No e-mail server is configured; your provider sets it up in Administration.',
    'smtp-refused': 'The e-mail server refused the message.',
    'smtp-unreachable': 'The e-mail server could not be reached.',
  };
  return words[code as DeliveryErrorCode] ?? code;
}
