import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ApiErrorBody, ApiErrorCode } from '../../../contract/api/errors.ts';
import { isConnectionError } from '../../db/database-health.ts';
import { ApiError } from '../../http/api-error.ts';
import { explainValidation } from '../../http/validation-problem.ts';

const codeForStatus: Record<number, ApiErrorCode> = {
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  429: 'throttled',
};

/**
 * Every non-2xx body is an ApiErrorBody. Validation failures name the field and the reason;
 * unexpected errors are logged with their stack and answered with a generic 500, never leaked.
 */
export const errorHandlerPlugin = fp(async function errorHandler(app: FastifyInstance) {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof ApiError) {
      if (error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
      return reply.code(error.statusCode).send(error.toBody());
    }
    if (error.validation) {
      const problem = explainValidation(error.validation, error.validationContext);
      const params: ApiErrorBody['params'] = { field: problem.field, rule: problem.rule };
      if (problem.limit !== undefined) params.limit = problem.limit;
      if (problem.options !== undefined) params.options = problem.options;
      const body: ApiErrorBody = { error: 'invalid_input', reason: 'schema-violation', params, message: problem.message };
      if (problem.field) body.field = problem.field;
      return reply.code(400).send(body);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own client errors (bad JSON, wrong content type, body too large) are safe to show.
      const body: ApiErrorBody = { error: codeForStatus[status] ?? 'invalid_input', reason: 'http-client-error', params: { status }, message: error.message };
      return reply.code(status).send(body);
    }
    if (isConnectionError(error)) {
      // The database went away under the request: a temporary state, not a bug (decision 0111).
      request.log.warn({ err: error }, 'request failed: database unreachable');
      const body: ApiErrorBody = { error: 'internal', reason: 'database-unreachable', message: 'The database is not reachable; retry later.', retryAfterSeconds: 5 };
      return reply.code(503).header('retry-after', '5').send(body);
    }
    request.log.error({ err: error }, 'request failed');
    const body: ApiErrorBody = { error: 'internal', reason: 'internal', message: 'Something went wrong on our side. Try again later.' };
    return reply.code(500).send(body);
  });

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const body: ApiErrorBody = { error: 'not_found', reason: 'endpoint-not-found', params: { method: request.method, path }, message: `There is no ${request.method} ${path} endpoint.` };
    return reply.code(404).send(body);
  });
});
