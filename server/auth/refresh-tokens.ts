import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DbSession } from '../db/fleet-db.ts';

export interface IssuedRefreshToken {
  token: string;
  expiresAt: Date;
}

/** The state of a presented refresh token, read under a row lock so two uses cannot race. */
export type PresentedToken =
  | { state: 'unknown' }
  | { state: 'expired' | 'revoked' | 'reused'; familyId: string }
  | { state: 'valid'; id: string; familyId: string; userId: string; dbNowSeconds: number };

interface TokenRow {
  id: string;
  family_id: string;
  user_id: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  db_now: number;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest();

/** Opens a new family (sign-in) or continues one (rotation). Only the hash is stored. */
export async function issueRefreshToken(
  db: DbSession,
  userId: string,
  lifetimeSeconds: number,
  familyId: string = randomUUID(),
): Promise<IssuedRefreshToken> {
  const token = randomBytes(32).toString('base64url');
  const result = await db.query<{ expires_at: Date }>(
    `INSERT INTO refresh_tokens (family_id, user_id, token_hash, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(secs => $4)) RETURNING expires_at`,
    [familyId, userId, hashOf(token), lifetimeSeconds],
  );
  const expiresAt = result.rows[0]?.expires_at;
  if (!expiresAt) throw new Error('Refresh token was not stored');
  return { token, expiresAt };
}

/** Must run inside a transaction: the row stays locked until it ends. */
export async function lockPresentedToken(db: DbSession, token: string): Promise<PresentedToken> {
  const result = await db.query<TokenRow>(
    `SELECT id, family_id, user_id, expires_at, used_at, revoked_at, extract(epoch FROM clock_timestamp())::float8 AS db_now
       FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE`,
    [hashOf(token)],
  );
  const row = result.rows[0];
  if (!row) return { state: 'unknown' };
  if (row.revoked_at) return { state: 'revoked', familyId: row.family_id };
  if (row.used_at) return { state: 'reused', familyId: row.family_id };
  if (row.expires_at.getTime() <= Date.now()) return { state: 'expired', familyId: row.family_id };
  return { state: 'valid', id: row.id, familyId: row.family_id, userId: row.user_id, dbNowSeconds: row.db_now };
}

export async function markUsed(db: DbSession, id: string): Promise<void> {
  await db.query('UPDATE refresh_tokens SET used_at = now() WHERE id = $1', [id]);
}

export async function revokeFamily(db: DbSession, familyId: string): Promise<void> {
  await db.query('UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [familyId]);
}

/**
 * Ends every session of a user except `keepFamilyId` (the one asking; null = all of them).
 * Returns how many sessions ended.
 */
export async function revokeOtherFamilies(db: DbSession, userId: string, keepFamilyId: string | null): Promise<number> {
  const result = await db.query<{ n: number }>(
    `WITH ended AS (
       UPDATE refresh_tokens SET revoked_at = now()
        WHERE user_id = $1 AND revoked_at IS NULL AND family_id IS DISTINCT FROM $2 RETURNING family_id)
     SELECT count(DISTINCT family_id)::int AS n FROM ended`,
    [userId, keepFamilyId],
  );
  return result.rows[0]?.n ?? 0;
}

/** Sign-out: ends the session the token belongs to. Unknown tokens are ignored (idempotent). */
export async function revokeFamilyOf(db: DbSession, token: string): Promise<void> {
  await db.query(
    `UPDATE refresh_tokens SET revoked_at = now()
      WHERE revoked_at IS NULL
        AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)`,
    [hashOf(token)],
  );
}
