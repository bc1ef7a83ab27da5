import { binaryTextArray } from '../db/binary-arrays.ts';
import type { DbSession } from '../db/fleet-db.ts';
import type { StreamEvent } from './tenant-feed.ts';

/** The NOTIFY channel instances listen on; payload "<tenantId>:<newest seq>". */
export const streamChannel = 'fleet_stream';

/** An event message without its seq, e.g. { type: 'positions', positions: [...] }. */
export type EventBody = { type: 'positions' | 'deviceStatus' | 'alert' } & Record<string, unknown>;

/**
 * Appends events to the tenant's stream inside the caller's transaction. The per-tenant
 * sequence row is bumped here, and its lock is held until commit, so seq order is commit order.
 * NOTIFY is delivered at commit: listeners never hear of an event they cannot read yet.
 * Call it last in the transaction to keep that lock short. One statement, one round trip
 * (bump, insert and notify were three; decision 0281); the bodies go as a binary text[], so
 * their JSON is neither escaped nor parsed as an array literal. Returns the events with their
 * seq, as a reader of stream_events would get them, for `StreamHub.publish` once committed.
 */
export async function appendEvents(db: DbSession, tenantId: string, bodies: readonly EventBody[]): Promise<StreamEvent[]> {
  if (bodies.length === 0) return [];
  const texts = bodies.map((b) => JSON.stringify(b));
  const appended = await db.query<{ seq: string }>({
    name: 'monitoring_append_events',
    text: `WITH bumped AS (
             INSERT INTO stream_sequences AS s (tenant_id, seq) VALUES (app_current_tenant(), $1::bigint)
             ON CONFLICT (tenant_id) DO UPDATE SET seq = s.seq + EXCLUDED.seq RETURNING seq
           ), appended AS (
             INSERT INTO stream_events (tenant_id, seq, body)
             SELECT app_current_tenant(), bumped.seq - $1::bigint + x.o, x.b FROM bumped, unnest($2::text[]) WITH ORDINALITY AS x(b, o)
           )
           SELECT seq::text, pg_notify($3, $4::text || ':' || seq::text) FROM bumped`,
    values: [bodies.length, binaryTextArray(texts), streamChannel, tenantId],
  });
  const first = Number(appended.rows[0]?.seq) - bodies.length + 1;
  // Positions (numbers, booleans, null: LivePosition) read back equal to what was written, so
  // they are handed on as they are; the rare other events as a reader would parse them.
  return bodies.map((body, i) => {
    const text = texts[i] ?? 'null';
    return { seq: first + i, body: body.type === 'positions' ? body : (JSON.parse(text) as StreamEvent['body']), text };
  });
}
