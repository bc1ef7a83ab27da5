import { describe, expect, it } from 'vitest';
import { defaultDeskBehaviour } from '../../../../contract/bridge/desk-alerts.ts';
import type { ConsoleAlert } from '../../../../contract/bridge/domains/alerts-domain.ts';
import { announcementsFor } from './desk-behaviour.ts';

const alert = (id: string, severity: ConsoleAlert['severity'], extra: Partial<ConsoleAlert> = {}) => ({ id, severity, status: 'open', quiet: false, ...extra }) as ConsoleAlert;

describe('what a new alert does on the desk', () => {
  it('follows the person’s choice per severity: by default only critical alerts chime and notify', () => {
    const fresh = [alert('w', 'warning'), alert('c', 'critical'), alert('i', 'info')];
    expect(announcementsFor(fresh, defaultDeskBehaviour)).toEqual([{ alert: fresh[1], sound: true, notification: true }]);
    const chosen = announcementsFor(fresh, { critical: 'sound', warning: 'notification', info: 'nothing' });
    expect(chosen.map((a) => [a.alert.id, a.sound, a.notification])).toEqual([['c', true, false], ['w', false, true]]);
  });

  it('never announces quiet or already handled alerts, and at most three of a burst, strongest first', () => {
    const everything = { critical: 'sound', warning: 'sound', info: 'sound' } as const;
    expect(announcementsFor([alert('q', 'critical', { quiet: true }), alert('a', 'critical', { status: 'acknowledged' })], everything)).toEqual([]);
    const burst = ['info', 'warning', 'info', 'critical', 'warning'].map((s, k) => alert(String(k), s as ConsoleAlert['severity']));
    expect(announcementsFor(burst, everything).map((a) => a.alert.id)).toEqual(['3', '1', '4']);
  });
});
