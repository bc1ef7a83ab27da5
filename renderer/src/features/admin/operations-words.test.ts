import { describe, expect, it } from 'vitest';
import type { TenantOperations } from '../../../../contract/api/operations.ts';
import { batteryWords, rejectedWords, tenantHealth } from './operations-words.ts';

const tenant = (units: Partial<TenantOperations['units']>, openCriticalAlerts = 0): TenantOperations => ({
  id: '11111111-1111-4111-8111-111111111111',
  name: 'A',
  status: 'active',
  units: { assigned: 10, reporting: 10, silent: 0, neverReported: 0, lowBattery: 0, withTroubleCodes: 0, ...units },
  messagesPerMinute: 0,
  messagesPerDay: 0,
  positionsStored: 0,
  bytesUsed: 0,
  users: 1,
  openCriticalAlerts,
  rejected: { key: 0, retention: 0, rate: 0 },
  lastActivityAt: null,
});

describe('operations words', () => {
  it('lists refused reports by reason, largest first, and nothing when none', () => {
    expect(rejectedWords({ key: 2, retention: 0, rate: 40 })).toBe('40 over the rate limit, 2 wrong key');
    expect(rejectedWords({ key: 0, retention: 0, rate: 0 })).toBe('');
  });

  it('reads a battery as percent, else volts', () => {
    expect(batteryWords({ batteryLevel: 14.6, batteryVoltage: 12 })).toBe('15 %');
    expect(batteryWords({ batteryLevel: null, batteryVoltage: 11.64 })).toBe('11.6 V');
    expect(batteryWords({ batteryLevel: null, batteryVoltage: null })).toBe('');
  });

  it('calls an account needing attention when a quarter of its units are quiet or it has critical alerts', () => {
    expect(tenantHealth(tenant({}))).toBe('ok');
    expect(tenantHealth(tenant({ reporting: 7, silent: 3 }))).toBe('attention');
    expect(tenantHealth(tenant({}, 1))).toBe('attention');
    expect(tenantHealth(tenant({ assigned: 0, reporting: 0 }))).toBe('idle');
    expect(tenantHealth(tenant({ reporting: 0, neverReported: 10 }))).toBe('attention');
  });
});
