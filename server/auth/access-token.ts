import { createHmac, timingSafeEqual } from 'node:crypto';
import { roles, type Role } from '../../contract/api/auth.ts';
import { strictBase64url } from '../http/base64url.ts';

/** What an access token grants: user `sub` acting in tenant `tid` with `role`, until `exp`. */
export interface AccessClaims {
  sub: string;
  tid: string;
  role: Role;
  /** Group scope inside the tenant: null = every group (see migration 010_group_scope). */
  gids: string[] | null;
  /**
   * Seconds since the epoch, as JWT wants; `iat` has millisecond fractions (JWT allows
   * non-integer NumericDates) so revocations can be ordered against it (auth/access-revocations.ts).
   */
  iat: number;
  exp: number;
  /**
   * The session (refresh-token family) this token was issued for: "end my other sessions"
   * (a password change) keeps this one. Absent in tokens issued before it existed.
   */
  sid?: string;
  /**
   * A support session (decision 0210): the operator acts in client tenant `tid` under grant `g`
   * with access `a`, from provider tenant `p`. Absent in members' tokens.
   */
  sup?: SupportClaim;
}

export interface SupportClaim {
  g: string;
  a: 'read' | 'write';
  p: string;
}

export type VerifyResult = { ok: true; claims: AccessClaims } | { ok: false; reason: 'invalid' | 'expired' };

// A compact HS256 JWT. Small enough to own; the header is fixed, so "alg: none" and algorithm
// confusion attacks have nothing to work with.
const header = encode({ alg: 'HS256', typ: 'JWT' });

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function sign(input: string, key: string): Buffer {
  return createHmac('sha256', key).update(input).digest();
}

export function signAccessToken(claims: AccessClaims, key: string): string {
  const body = `${header}.${encode(claims)}`;
  return `${body}.${sign(body, key).toString('base64url')}`;
}

export function verifyAccessToken(token: string, key: string, nowSeconds: number): VerifyResult {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== header || !parts[1] || !parts[2]) return { ok: false, reason: 'invalid' };
  const expected = sign(`${parts[0]}.${parts[1]}`, key);
  // Strict base64url (S7): only the one canonical spelling of the signature is accepted.
  const given = strictBase64url(parts[2]);
  if (!given) return { ok: false, reason: 'invalid' };
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  const claims = parseClaims(parts[1]);
  if (!claims) return { ok: false, reason: 'invalid' };
  if (claims.exp <= nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The signature was valid, so this only guards against our own bugs and old token shapes. */
function parseClaims(payload: string): AccessClaims | null {
  let value: unknown;
  try {
    const bytes = strictBase64url(payload);
    if (!bytes) return null;
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { sub, tid, role, gids, iat, exp, sid, sup } = value as Record<string, unknown>;
  if (typeof sub !== 'string' || !uuid.test(sub) || typeof tid !== 'string' || !uuid.test(tid)) return null;
  if (typeof role !== 'string' || !(roles as readonly string[]).includes(role)) return null;
  if (typeof iat !== 'number' || typeof exp !== 'number') return null;
  // A token without gids predates group scoping: refusing it (the client simply refreshes) is
  // safer than reading "no claim" as "all groups".
  if (gids !== null && !(Array.isArray(gids) && gids.every((g) => typeof g === 'string' && uuid.test(g)))) return null;
  if (sid !== undefined && !(typeof sid === 'string' && uuid.test(sid))) return null;
  const support = sup === undefined ? undefined : parseSupport(sup);
  if (support === null) return null;
  return { sub, tid, role: role as Role, gids: gids as string[] | null, iat, exp, ...(sid === undefined ? {} : { sid }), ...(support ? { sup: support } : {}) };
}

function parseSupport(value: unknown): SupportClaim | null {
  if (typeof value !== 'object' || value === null) return null;
  const { g, a, p } = value as Record<string, unknown>;
  if (typeof g !== 'string' || !uuid.test(g) || typeof p !== 'string' || !uuid.test(p) || (a !== 'read' && a !== 'write')) return null;
  return { g, a, p };
}
