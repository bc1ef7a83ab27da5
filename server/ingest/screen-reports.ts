import { admitted, checkDeviceKey, type KeyCheck } from './device-keys.ts';
import type { ResolvedDevice } from './device-resolver.ts';
import type { IngestCounts } from './ingest-counts.ts';
import type { SubmitResult } from './ingest-pipeline-types.ts';
import type { Report, ResolvedReport } from './report.ts';
import { RetentionLimits } from './retention-limits.ts';

export type Screened = Pick<SubmitResult, 'unknown' | 'suspended' | 'keyless' | 'tooOld'> & { resolved: ResolvedReport[] };

/**
 * Which of a request's reports may go in, in memory once its units are resolved: the unit is
 * known and assigned, its key is admitted by its tenant's mode (device-keys.ts), its account is
 * active, and the fix is younger than the tenant's retention. Refusals are counted for the
 * operations overview (decision 0160).
 */
export function screenReports(
  reports: readonly Report[],
  keys: readonly (string | null)[],
  devices: ReadonlyMap<string, ResolvedDevice | null>,
  retentionOf: ReadonlyMap<string, number>,
  counts: IngestCounts,
  now: number,
): Screened {
  const screened: Screened = { resolved: [], unknown: [], suspended: [], keyless: [], tooOld: [] };
  // A batch repeats one unit's key on every record: hash each (unit, key) pair once.
  const checks = new Map<string, KeyCheck>();
  reports.forEach((report, index) => {
    const device = devices.get(report.uniqueId);
    if (!device) {
      screened.unknown.push(index);
      counts.count(null, 'unknown', 1);
      return;
    }
    const key = keys[index] ?? null;
    const memo = `${device.deviceId}\u0000${key ?? ''}`;
    let check = checks.get(memo);
    if (check === undefined) {
      check = device.deviceAuth === 'off' ? 'ok' : checkDeviceKey(device.secretHash, key);
      checks.set(memo, check);
    }
    if (!admitted(device.deviceAuth, check)) {
      screened.unknown.push(index);
      counts.count(device.tenantId, 'key', 1);
      return;
    }
    if (!device.tenantActive) {
      screened.suspended.push(index);
      return;
    }
    if (check !== 'ok') screened.keyless.push({ index, uniqueId: report.uniqueId, check });
    const retentionDays = retentionOf.get(device.tenantId) ?? Infinity;
    if (RetentionLimits.tooOld(report.fixTime, retentionDays, now)) {
      screened.tooOld.push({ index, retentionDays });
      counts.count(device.tenantId, 'retention', 1);
    } else screened.resolved.push({ ...report, tenantId: device.tenantId, deviceId: device.deviceId });
  });
  return screened;
}
