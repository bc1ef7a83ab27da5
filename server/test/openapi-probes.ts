/**
 * Hostile requests derived from the OpenAPI document: for every route, every path parameter,
 * query parameter and top-level body field gets each hostile value of its kind while the rest
 * of the request stays plausible. Used by the route fuzz test; pure (no app, no I/O).
 */

export interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
}
interface Operation {
  parameters?: { in: 'path' | 'query' | 'header'; name: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface Schema {
  type?: string | string[];
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  anyOf?: Schema[];
  const?: unknown;
  minimum?: number;
  minLength?: number;
}

export interface Probe {
  method: string;
  /** The OpenAPI path the probe came from ("/api/devices/{id}"). */
  route: string;
  url: string;
  body?: unknown;
  /** What was made hostile ("query.offset = 1e20"). */
  what: string;
}

/** A UUID no fixture uses: single-object routes answer 404 for it, which is fine. */
const absentId = '7c2f6a1e-5d4b-4c3a-9f8e-1a2b3c4d5e6f';

/** Strings a client could send anywhere (query strings take them percent-encoded). */
export const hostileStrings = [
  '\u0000', 'a\u0000b', '', ' ', '%', "' OR 1=1 --", '99999999999999999999', '-1', '1e309', 'NaN', '../../etc/passwd',
  '🚚', 'x'.repeat(5000), '{}', 'null', 'İ', '2026-02-30T25:61:00Z', '0', '-0', '1.5', 'true',
];
/** JSON values for body fields (beyond the strings above). */
export const hostileJson: unknown[] = [null, true, -1, 0, 1.5, 1e20, -1e20, 2 ** 53 + 1, [], {}, [[[[[]]]]], { a: { b: { c: {} } } }, '\ud800'];

function typesOf(schema: Schema | undefined): string[] {
  if (!schema) return [];
  if (schema.anyOf) return schema.anyOf.flatMap(typesOf);
  if (Array.isArray(schema.type)) return schema.type;
  return schema.type ? [schema.type] : [];
}

/** A plausible value for a schema (the parts of a request that are not under attack). */
export function plausible(schema: Schema | undefined): unknown {
  if (!schema) return 'x';
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.anyOf?.length) return plausible(schema.anyOf.find((s) => s.type !== 'null') ?? schema.anyOf[0]);
  const type = typesOf(schema)[0];
  if (type === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of schema.required ?? []) out[key] = plausible(schema.properties?.[key]);
    return out;
  }
  if (type === 'array') return [];
  if (type === 'integer' || type === 'number') return schema.minimum ?? 1;
  if (type === 'boolean') return true;
  if (schema.format === 'uuid') return absentId;
  if (schema.format === 'date-time') return new Date().toISOString();
  return 'Probe value'.padEnd(schema.minLength ?? 0, 'x');
}

const encode = (value: string) => {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80'; // a lone surrogate: invalid UTF-8 on the wire
  }
};

/** Every probe for one operation. */
export function probesFor(route: string, method: string, op: Operation): Probe[] {
  const params = op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const bodySchema = op.requestBody?.content?.['application/json']?.schema;
  const base = {
    path: Object.fromEntries(pathParams.map((p) => [p.name, String(plausible(p.schema))])),
    body: bodySchema ? plausible(bodySchema) : undefined,
  };
  const url = (path: Record<string, string>, query: string) =>
    route.replace(/\{(\w+)\}/g, (_, name: string) => encode(path[name] ?? 'x')) + (query ? `?${query}` : '');
  const probes: Probe[] = [];
  const upper = method.toUpperCase();
  const withBody = base.body === undefined ? {} : { body: base.body };
  for (const p of pathParams) {
    for (const value of hostileStrings) probes.push({ method: upper, route, url: url({ ...base.path, [p.name]: value || 'x' }, ''), ...withBody, what: `path.${p.name} = ${JSON.stringify(value.slice(0, 20))}` });
  }
  for (const p of queryParams) {
    for (const value of [...hostileStrings, '1e20', '-99999999999999999999', 'WyJ4IiwieCJd', 'bm90IGpzb24', 'AAAA====']) {
      probes.push({ method: upper, route, url: url(base.path, `${encodeURIComponent(p.name)}=${encode(value)}`), ...withBody, what: `query.${p.name} = ${JSON.stringify(value.slice(0, 20))}` });
    }
  }
  if (bodySchema) {
    const fields = Object.keys(bodySchema.properties ?? {});
    for (const field of fields) {
      for (const value of [...hostileStrings, ...hostileJson]) {
        probes.push({ method: upper, route, url: url(base.path, ''), body: { ...(base.body as object), [field]: value }, what: `body.${field} = ${JSON.stringify(value)?.slice(0, 20)}` });
      }
    }
    for (const body of [null, [], 'text', 0, { unexpected: '\u0000' }]) probes.push({ method: upper, route, url: url(base.path, ''), body, what: `body = ${JSON.stringify(body)}` });
  }
  if (probes.length === 0) probes.push({ method: upper, route, url: url(base.path, ''), what: 'as documented' });
  return probes;
}

export function allProbes(doc: OpenApiDoc): Probe[] {
  return Object.entries(doc.paths).flatMap(([route, ops]) =>
    Object.entries(ops)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .flatMap(([method, op]) => probesFor(route, method, op)),
  );
}
