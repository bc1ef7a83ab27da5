import { Type } from 'typebox';
import { ApiErrorBody } from '../../contract/api/errors.ts';

/** Registered once with app.addSchema; routes point at it so OpenAPI shows one shared schema. */
export const apiErrorSchema = ApiErrorBody;
const apiErrorRef = Type.Ref('ApiError');

const descriptions = {
  400: 'The input is not valid; `field` names the offending input.',
  401: 'Not signed in, wrong credentials, or the token expired or was revoked.',
  403: 'Signed in, but not allowed to do this in this tenant.',
  404: 'No such resource.',
  409: 'The change conflicts with the current state (a name taken, a newer version, something still in use).',
  429: 'Too many failed attempts; retry after `retryAfterSeconds`.',
  503: 'A dependency (the database) is not reachable.',
} as const;
type ErrorStatus = keyof typeof descriptions;

/** Response schemas for the error statuses a route can answer with. */
export function errorResponses(...statuses: ErrorStatus[]): Partial<Record<ErrorStatus, typeof apiErrorRef & { description: string }>> {
  const responses: Partial<Record<ErrorStatus, typeof apiErrorRef & { description: string }>> = {};
  for (const status of statuses) responses[status] = { ...apiErrorRef, description: descriptions[status] };
  return responses;
}
