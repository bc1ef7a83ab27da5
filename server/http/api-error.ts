import type { ApiErrorBody, ApiErrorCode } from '../../contract/api/errors.ts';

/**
 * An error meant for the client: the error handler turns it into an ApiErrorBody with this
 * status. Anything else thrown in a route is a bug and becomes a generic 500.
 */
export class ApiError extends Error {
  readonly statusCode: number;
  readonly code: ApiErrorCode;
  readonly field: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(statusCode: number, code: ApiErrorCode, message: string, extra: { field?: string; retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = statusCode;
    this.code = code;
    this.field = extra.field;
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }

  toBody(): ApiErrorBody {
    const body: ApiErrorBody = { error: this.code, message: this.message };
    if (this.field !== undefined) body.field = this.field;
    if (this.retryAfterSeconds !== undefined) body.retryAfterSeconds = this.retryAfterSeconds;
    return body;
  }
}
