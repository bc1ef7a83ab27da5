import type { ApiErrorBody, ApiErrorCode } from '../../contract/api/errors.ts';
import type { ErrorParams, ErrorReason, ReasonWithParams } from '../../contract/error-reasons.ts';

export type ApiErrorDetails = ReasonWithParams & { field?: string; retryAfterSeconds?: number };

/**
 * An error meant for the client: the error handler turns it into an ApiErrorBody with this
 * status. `code` is the broad class, `reason` the specific cause with its `params` (the console
 * words them); `message` is the English fallback for API consumers and logs. Anything else thrown
 * in a route is a bug and becomes a generic 500.
 */
export class ApiError extends Error {
  readonly statusCode: number;
  readonly code: ApiErrorCode;
  readonly reason: ErrorReason;
  readonly params: ErrorParams | undefined;
  readonly field: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(statusCode: number, code: ApiErrorCode, message: string, details: ApiErrorDetails) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = statusCode;
    this.code = code;
    this.reason = details.reason;
    // The params of every reason are flat records of strings and numbers (contract/error-reasons.ts).
    this.params = details.params as ErrorParams | undefined;
    this.field = details.field;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }

  toBody(): ApiErrorBody {
    const body: ApiErrorBody = { error: this.code, reason: this.reason, message: this.message };
    if (this.params !== undefined && Object.keys(this.params).length > 0) body.params = this.params;
    if (this.field !== undefined) body.field = this.field;
    if (this.retryAfterSeconds !== undefined) body.retryAfterSeconds = this.retryAfterSeconds;
    return body;
  }
}
