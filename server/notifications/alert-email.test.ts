import { describe, expect, it } from 'vitest';
import type { Alert } from '../../contract/api/alerts.ts';
import { alertEmail } from './alert-email.ts';

const alert: Alert = {
  id: '6f1c2a0e-3b1d-4c55-9d7e-0a1b2c3d4e5f', deviceId: '0d5e3c7a-8a41-4c1f-9f1b-2a3b4c5d6e7f', type: 'overspeed', severity: 'critical', status: 'open',
  message: 'Speed 128 km/h, limit 90 km/h', openedAt: '2026-12-07T17:30:00.000Z', lastSeenAt: '2026-12-07T17:30:00.000Z', occurrences: 1,
  acknowledgedBy: null, acknowledgedAt: null, resolvedBy: null, resolvedAt: null, assignee: null, notes: [],
  details: { speedKmh: 128, limitKmh: 90, limitSource: 'tenant' },
  address: { kind: 'near', locality: 'Göteborg', distanceM: 2050, bearing: 'NW', source: 'builtin', approximate: true },
  version: 1, quiet: false, escalatedAt: null,
};

describe('alert e-mails', () => {
  it('speak the account units, locale and time zone, as the console does', () => {
    const us = alertEmail('alert.opened', alert, 'Truck 5', { timeZone: 'America/Chicago', locale: 'en-US', distanceUnit: 'mi' });
    expect(us.subject).toBe('[critical] overspeed - Truck 5');
    expect(us.text.split('\n')).toEqual([
      'CRITICAL - overspeed - Truck 5',
      'Speed 80 mph, limit 56 mph',
      'Where: ≈ 1.3 mi NW of Göteborg',
      'Opened: Dec 7, 2026, 11:30 AM (America/Chicago)',
      `Alert id: ${alert.id}`,
    ]);
    const se = alertEmail('alert.escalated', { ...alert, assignee: { id: alert.deviceId, displayName: 'Anders Admin' } }, 'Truck 5', { timeZone: 'Europe/Stockholm', locale: 'sv-SE', distanceUnit: 'km' });
    expect(se.subject).toBe('Escalated: [critical] overspeed - Truck 5');
    expect(se.text).toContain('Speed 128 km/h, limit 90 km/h\nWhere: ≈ 2,1 km NW of Göteborg\nOpened: 7 dec. 2026 18:30 (Europe/Stockholm)');
    expect(se.text).toContain('Nobody acknowledged it in time; now assigned to Anders Admin.');
  });
});
