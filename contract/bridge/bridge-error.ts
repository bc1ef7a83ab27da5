import type { ErrorParams, ErrorReason, ReasonWithParams } from '../error-reasons.ts';

/**
 * Errors the engine reports to the renderer: a stable `code` for the class of failure and, where
 * known, the specific `reason` with its `params` (contract/error-reasons.ts). The renderer turns
 * those into words (renderer/src/ui/error-text.ts); `message` is the English fallback for logs.
 */
export const bridgeErrorCodes = [
  'invalid-input',
  'bad-server-url',
  'server-unreachable',
  'wrong-credentials',
  'throttled',
  'session-expired',
  'forbidden',
  'not-found',
  'unknown-workspace',
  /** Someone changed the item since it was read; the message says what to do. */
  'conflict',
  'server-error',
  'internal',
] as const;
export type BridgeErrorCode = (typeof bridgeErrorCodes)[number];

export interface BridgeErrorData {
  code: BridgeErrorCode;
  message: string;
  /** The input field at fault, when one is. */
  field?: string;
  /** The specific cause, when known; the renderer words it. */
  reason?: ErrorReason;
  params?: ErrorParams;
}

export class BridgeError extends Error {
  readonly code: BridgeErrorCode;
  readonly field: string | undefined;
  readonly reason: ErrorReason | undefined;
  readonly params: ErrorParams | undefined;

  constructor(code: BridgeErrorCode, message: string, field?: string, why?: ReasonWithParams | { reason: ErrorReason | undefined; params?: ErrorParams | undefined }) {
    super(message);
    this.name = 'BridgeError';
    this.code = code;
    this.field = field;
    this.reason = why?.reason;
    // The params of every reason are flat records of strings and numbers (contract/error-reasons.ts).
    this.params = why?.params as ErrorParams | undefined;
  }

  toData(): BridgeErrorData {
    const data: BridgeErrorData = { code: this.code, message: this.message };
    if (this.field !== undefined) data.field = this.field;
    if (this.reason !== undefined) data.reason = this.reason;
    if (this.params !== undefined && Object.keys(this.params).length > 0) data.params = this.params;
    return data;
  }

  static fromData(data: BridgeErrorData): BridgeError {
    return new BridgeError(data.code, data.message, data.field, { reason: data.reason, params: data.params });
  }
}

/** What crosses the process boundary: errors are data, because IPC strips Error subclasses. */
export type BridgeResult<T> = { ok: true; value: T } | { ok: false; error: BridgeErrorData };
