import type { TenantOperations, UnitHealth } from '../../../../contract/api/operations.ts';

/** "12 of 100 silent" style summaries and short figures for the operations screens. */

/** Refused reports of the last 24 h in words, largest reason first; '' when none. */
export function rejectedWords(rejected: TenantOperations['rejected'], format: (n: number) => string = String): string {
  const parts: [number, string][] = [
    [rejected.key, 'wrong key'],
    [rejected.retention, 'older than retention'],
    [rejected.rate, 'over the rate limit'],
  ];
  return parts
    .filter(([n]) => n > 0)
    .sort((a, b) => b[0] - a[0])
    .map(([n, why]) => `${format(n)} ${why}`)
    .join(', ');
}

/** Units not reporting within the window: silent ones plus those that never reported. */
export const notReporting = (t: TenantOperations) => t.units.silent + t.units.neverReported;

/** How a unit's battery reads: percent where it reports one, else volts; '' when neither. */
export function batteryWords(unit: Pick<UnitHealth, 'batteryLevel' | 'batteryVoltage'>): string {
  if (unit.batteryLevel !== null) return `${Math.round(unit.batteryLevel)} %`;
  if (unit.batteryVoltage !== null) return `${unit.batteryVoltage.toFixed(1)} V`;
  return '';
}

/** The account's health in one word for the status column: what a caller would be told first. */
export function tenantHealth(t: TenantOperations): 'ok' | 'attention' | 'idle' {
  if (t.units.assigned === 0 || t.units.reporting === 0) return t.units.assigned === 0 ? 'idle' : 'attention';
  if (t.openCriticalAlerts > 0 || notReporting(t) / t.units.assigned > 0.25) return 'attention';
  return 'ok';
}

export const healthLabels = { ok: 'Healthy', attention: 'Needs attention', idle: 'No units' } as const;
