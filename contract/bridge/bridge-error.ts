/**
 * Errors the engine reports to the renderer. Codes are stable; messages are written for the
 * person at the console and say what to do next.
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
}

export class BridgeError extends Error {
  readonly code: BridgeErrorCode;
  readonly field: string | undefined;

  constructor(code: BridgeErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'BridgeError';
    this.code = code;
    this.field = field;
  }

  toData(): BridgeErrorData {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }

  static fromData(data: BridgeErrorData): BridgeError {
    return new BridgeError(data.code, data.message, data.field);
  }
}

/** What crosses the process boundary: errors are data, because IPC strips Error subclasses. */
export type BridgeResult<T> = { ok: true; value: T } | { ok: false; error: BridgeErrorData };
