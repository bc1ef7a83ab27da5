import type { DbSession } from '../db/fleet-db.ts';
import { assignByTag, type ReportedTag } from './assignments.ts';

/**
 * The tag each device last reported, as this process applied it. Trackers repeat the tag in
 * every report while the driver is identified; only a change costs queries (an assignment), so
 * ingest's usual batch pays a map lookup per tagged device. A tag is remembered once its
 * transaction committed (`remember`), so a failed batch is tried again with its retry.
 */
export class DriverTagMemo {
  private readonly last = new Map<string, string>();

  /** The newest tag per device among `fixes`, where it differs from the one last applied. */
  changed(fixes: Iterable<{ deviceId: string; fixTime: number; driverTag: string | null }>): ReportedTag[] {
    const newest = new Map<string, ReportedTag>();
    for (const f of fixes) {
      if (f.driverTag === null) continue;
      const seen = newest.get(f.deviceId);
      if (!seen || f.fixTime > seen.at) newest.set(f.deviceId, { deviceId: f.deviceId, tag: f.driverTag, at: f.fixTime });
    }
    return [...newest.values()].filter((t) => this.last.get(t.deviceId) !== t.tag);
  }

  remember(tags: readonly ReportedTag[]): void {
    for (const t of tags) this.last.set(t.deviceId, t.tag);
  }
}

/**
 * Assigns the drivers of changed tags inside ingest's transaction. Tags reported in late fixes
 * (older than the device's newest) are applied at their own time too; assignDriver refuses to
 * overwrite a later assignment.
 */
export async function applyDriverTags(db: DbSession, tags: readonly ReportedTag[], timeZone: string): Promise<void> {
  for (const tag of tags) await assignByTag(db, tag, timeZone);
}
