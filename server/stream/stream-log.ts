import type { DbSession } from '../db/fleet-db.ts';

/** The NOTIFY channel instances listen on; payload "<tenantId>:<newest seq>". */
export const streamChannel = 'fleet_stream';

/** An event message without its seq, e.g. { type: 'positions', positions: [...] }. */
export type EventBody = { type: 'positions' | 'deviceStatus' | 'alert' } & Record<string, unknown>;

/**
 * Appends events to the tenant's stream inside the caller's transaction. The per-tenant
 * sequence row is bumped here, and its lock is held until commit, so seq order is commit order.
 * NOTIFY is delivered at commit: listeners never hear of an event they cannot read yet.
 * Call it last in the transaction to keep that lock short.
 */
export async function appendEvents(db: DbSession, tenantId: string, bodies: readonly EventBody[]): Promise<number | null> {
  if (bodies.length === 0) return null;
  const bumped = await db.query<{ seq: string }>({
    name: 'monitoring_bump_seq',
    text: `INSERT INTO stream_sequences AS s (tenant_id, seq) VALUES (app_current_tenant(), $1)
           ON CONFLICT (tenant_id) DO UPDATE SET seq = s.seq + EXCLUDED.seq RETURNING seq::text`,
    values: [bodies.length],
  });
  const last = Number(bumped.rows[0]?.seq);
  const first = last - bodies.length + 1;
  await db.query({
    name: 'monitoring_append_events',
    text: `INSERT INTO stream_events (tenant_id, seq, body)
           SELECT app_current_tenant(), $1::bigint + o - 1, b FROM unnest($2::text[]) WITH ORDINALITY AS x(b, o)`,
    values: [first, bodies.map((b) => JSON.stringify(b))],
  });
  await db.query({ name: 'monitoring_notify', text: 'SELECT pg_notify($1, $2)', values: [streamChannel, `${tenantId}:${last}`] });
  return last;
}
