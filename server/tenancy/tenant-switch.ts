import type { DbSession } from '../db/fleet-db.ts';

/**
 * Runs `work` inside the CURRENT transaction as tenant `tenantId` (unscoped), then switches
 * back. Only provider operations use it, after their permission check, to write the rows a
 * provider action creates in a client tenant (its vehicle, its first admin, its audit entries):
 * each row still passes that tenant's RLS WITH CHECK, and the whole action stays one atomic
 * transaction. Nothing else may call this (lint-free convention, checked in review).
 */
export async function asTenant<T>(db: DbSession, tenantId: string, work: () => Promise<T>): Promise<T> {
  const previous = await db.query<{ tenant: string; groups: string }>(
    "SELECT current_setting('app.tenant_id', true) AS tenant, current_setting('app.group_ids', true) AS groups",
  );
  const { tenant = '', groups = '' } = previous.rows[0] ?? {};
  await db.query("SELECT set_config('app.tenant_id', $1, true), set_config('app.group_ids', '', true)", [tenantId]);
  try {
    return await work();
  } finally {
    // On failure the transaction rolls back anyway; restoring keeps the happy path honest.
    await db.query("SELECT set_config('app.tenant_id', $1, true), set_config('app.group_ids', $2, true)", [tenant, groups]).catch(() => undefined);
  }
}
