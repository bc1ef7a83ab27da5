import { Type, type Static } from 'typebox';

/**
 * Every non-2xx answer of the fleet cloud has this body. `error` is a stable machine code for
 * the class of failure, `reason` the specific cause (contract/error-reasons.ts) with its
 * `params`; clients word those. `message` is an English fallback for API consumers and logs.
 * `field` names the offending input where there is one.
 */
export const ApiErrorBody = Type.Object(
  {
    error: Type.String({ description: 'Stable machine-readable code, e.g. "invalid_input".' }),
    reason: Type.Optional(Type.String({ description: 'The specific cause, e.g. "polygon-self-crossing" (see contract/error-reasons.ts).' })),
    params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), { description: "The reason's parameters, e.g. { retryAfterSeconds: 90 }." })),
    message: Type.String({ description: 'English explanation, for API consumers and logs.' }),
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
