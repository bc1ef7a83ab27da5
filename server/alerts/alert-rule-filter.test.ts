import { describe, expect, it } from 'vitest';
import { defaultAlertRules, type AlertRules } from '../../contract/api/alert-rules.ts';
import { applyAlertRule } from './alert-rule-filter.ts';

const withRule = (patch: Partial<AlertRules['types']['overspeed']>): AlertRules => ({
  ...defaultAlertRules,
  types: { ...defaultAlertRules.types, overspeed: { ...defaultAlertRules.types.overspeed, ...patch } },
});
// 2026-12-06 23:30 in Stockholm (UTC+1).
const lateEvening = Date.parse('2026-12-06T22:30:00Z');
const noon = Date.parse('2026-12-06T11:00:00Z');

describe('applyAlertRule', () => {
  it('keeps the built-in severity by default and is never quiet', () => {
    expect(applyAlertRule(defaultAlertRules, 'overspeed', 'warning', null, noon, 'Europe/Stockholm')).toEqual({ write: true, severity: 'warning', quiet: false });
  });

  it('drops a type that is off, and vehicles outside the rule’s groups', () => {
    expect(applyAlertRule(withRule({ enabled: false }), 'overspeed', 'warning', null, noon, 'UTC')).toEqual({ write: false });
    const grouped = withRule({ groupIds: ['00000000-0000-4000-8000-000000000001'] });
    expect(applyAlertRule(grouped, 'overspeed', 'warning', '00000000-0000-4000-8000-000000000002', noon, 'UTC')).toEqual({ write: false });
    expect(applyAlertRule(grouped, 'overspeed', 'warning', null, noon, 'UTC')).toEqual({ write: false });
    expect(applyAlertRule(grouped, 'overspeed', 'warning', '00000000-0000-4000-8000-000000000001', noon, 'UTC').write).toBe(true);
  });

  it('raises the severity the tenant chose', () => {
    expect(applyAlertRule(withRule({ severity: 'critical' }), 'overspeed', 'warning', null, noon, 'UTC')).toMatchObject({ severity: 'critical' });
  });

  it('marks alerts inside quiet hours that wrap midnight, in the tenant’s time zone', () => {
    const rules = withRule({ quietHours: { from: '22:00', to: '06:00' } });
    expect(applyAlertRule(rules, 'overspeed', 'warning', null, lateEvening, 'Europe/Stockholm')).toMatchObject({ quiet: true });
    expect(applyAlertRule(rules, 'overspeed', 'warning', null, noon, 'Europe/Stockholm')).toMatchObject({ quiet: false });
    // 22:30 UTC is outside 22:00–06:00? No: inside in UTC too; 21:30 UTC is 22:30 in Stockholm only.
    const ninePmUtc = Date.parse('2026-12-06T21:30:00Z');
    expect(applyAlertRule(rules, 'overspeed', 'warning', null, ninePmUtc, 'UTC')).toMatchObject({ quiet: false });
    expect(applyAlertRule(rules, 'overspeed', 'warning', null, ninePmUtc, 'Europe/Stockholm')).toMatchObject({ quiet: true });
  });
});
