import { Type, type Static } from 'typebox';

/**
 * Every non-2xx answer of the fleet cloud has this body. `error` is a stable machine code,
 * `message` is written for a person, `field` names the offending input where there is one.
 */
export const ApiErrorBody = Type.Object(
  {
    error: Type.String({ description: 'Stable machine-readable code, e.g. "invalid_input".' }),
    message: Type.String({ description: 'Human-readable explanation.' }),
    field: Type.Optional(Type.String({ description: 'The input field that was wrong, if any.' })),
    retryAfterSeconds: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { $id: 'ApiError' },
);
export type ApiErrorBody = Static<typeof ApiErrorBody>;

/** Machine codes the API uses; clients switch on these, never on messages. */
export const apiErrorCodes = [
  'invalid_input',
  'wrong_credentials',
  'throttled',
  'unauthenticated',
  'token_expired',
  'session_revoked',
  'forbidden',
  'not_found',
  'conflict',
  'internal',
] as const;
export type ApiErrorCode = (typeof apiErrorCodes)[number];
