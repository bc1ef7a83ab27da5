import type { ApiErrorBody } from '../../../contract/api/errors.ts';
import { BridgeError, type BridgeErrorCode } from '../../../contract/bridge/bridge-error.ts';
import type { ErrorReason } from '../../../contract/error-reasons.ts';

/** The fleet cloud answered with an error; `body` is its ApiErrorBody when it sent one. */
export class FleetApiError extends Error {
  readonly status: number;
  readonly body: ApiErrorBody | null;
  /** The whole parsed answer: a 409 carries the server's current state next to the message. */
  readonly raw: unknown;

  constructor(status: number, body: ApiErrorBody | null, raw: unknown = body) {
    super(body?.message ?? `The fleet server answered HTTP ${status}.`);
    this.name = 'FleetApiError';
    this.status = status;
    this.body = body;
    this.raw = raw;
  }

  get code(): string {
    return this.body?.error ?? `http_${this.status}`;
  }
}

const codeMap: Record<string, BridgeErrorCode> = {
  invalid_input: 'invalid-input',
  wrong_credentials: 'wrong-credentials',
  throttled: 'throttled',
  unauthenticated: 'session-expired',
  token_expired: 'session-expired',
  session_revoked: 'session-expired',
  forbidden: 'forbidden',
  not_found: 'not-found',
  conflict: 'conflict',
};

/** Translates anything the API client threw into the error the person at the console sees. */
export function toBridgeError(error: unknown, serverUrl: string): BridgeError {
  if (error instanceof BridgeError) return error;
  const translated = translate(error, serverUrl);
  // Kept for the engine (a 409 carries the server's state); never sent over the bridge.
  translated.cause = error;
  return translated;
}

function translate(error: unknown, serverUrl: string): BridgeError {
  if (error instanceof FleetApiError) {
    const code = codeMap[error.code] ?? 'server-error';
    if (code === 'server-error') {
      return new BridgeError('server-error', `The fleet server at ${serverUrl} had a problem (HTTP ${error.status}). Try again in a moment.`, undefined, {
        reason: 'server-failed',
        params: { serverUrl, status: error.status },
      });
    }
    // The server's reason and parameters pass through untouched: the renderer words them.
    return new BridgeError(code, error.message, error.body?.field, { reason: error.body?.reason as ErrorReason | undefined, params: error.body?.params });
  }
  if (isNetworkError(error)) {
    return new BridgeError(
      'server-unreachable',
      `Cannot reach the fleet server at ${serverUrl}. Check the address and your network connection.`,
      'serverUrl',
      { reason: 'server-unreachable', params: { serverUrl } },
    );
  }
  return new BridgeError('internal', 'Something went wrong in the console engine. Try again; if it keeps happening, restart the console.', undefined, { reason: 'internal' });
}

export function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // fetch() reports refused connections, DNS failures and our timeout as TypeError/AbortError/TimeoutError.
  return error.name === 'TypeError' || error.name === 'AbortError' || error.name === 'TimeoutError';
}
