import type { FastifyInstance, FastifyRequest } from 'fastify';
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
 * The first field of the request holding a NUL, or null. Path parameters and the query come from
 * the URL, where a NUL can only arrive percent-encoded (`%00`; Node's HTTP parser refuses a raw
 * one): when the URL has none, they are not walked — the common case, and every phone report
 * (one request per fix) passes here.
 */
function nulField(request: FastifyRequest): string | null {
  const url = request.raw.url ?? '';
  if (url.includes('%00') || url.includes('\u0000')) {
    const found = findNul(request.params) ?? findNul(request.query);
    if (found !== null) return found;
  }
  const body = request.body;
  if (typeof body === 'string') return body.includes('\u0000') ? 'body' : null;
  return findNul(body, '');
}

/**
 * Refuses any request whose path parameters, query or body carry a NUL character: 400 naming the
 * field (S4: these reached PostgreSQL and came back as 500). Runs before schema validation so it
 * covers routes whose bodies are raw text (device ingest) too.
 */
export function refuseNulCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const field = nulField(request);
    if (field === null) {
      done();
      return;
    }
    const name = field === '' ? 'body' : field;
    done(new ApiError(400, 'invalid_input', `${name} must not contain a NUL character`, {
      field: name,
      reason: 'schema-violation',
      params: { field: name, rule: 'nul-character' },
    }));
  });
}
