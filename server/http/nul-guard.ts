import type { FastifyInstance } from 'fastify';
import { ApiError } from './api-error.ts';

/** Depth beyond which a request's values are not walked (no schema nests this deep). */
const maxDepth = 32;

/**
 * The path of the first string in `value` that holds a NUL character ("name", "records[3].deviceId"),
 * or null. PostgreSQL cannot store NUL in text or jsonb and fails the whole statement.
 */
export function findNul(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > maxDepth || typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], `${path}[${i}]`, depth + 1);
      if (found !== null) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return here;
    const found = findNul(item, here, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Refuses any request whose path parameters, query or body carry a NUL character: 400 naming the
 * field (S4: these reached PostgreSQL and came back as 500). Runs before schema validation so it
 * covers routes whose bodies are raw text (device ingest) too.
 */
export function refuseNulCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const field = findNul(request.params) ?? findNul(request.query) ?? findNul(request.body, typeof request.body === 'string' ? 'body' : '');
    if (field === null) return;
    const name = field === '' ? 'body' : field;
    throw new ApiError(400, 'invalid_input', `${name} must not contain a NUL character`, {
      field: name,
      reason: 'schema-violation',
      params: { field: name, rule: 'nul-character' },
    });
  });
}
