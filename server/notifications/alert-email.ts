import { addressLine } from '../../contract/address-words.ts';
import { alertMessage } from '../../contract/alert-message.ts';
import type { Alert } from '../../contract/api/alerts.ts';
import { unitWords } from '../../contract/units.ts';
import type { MonitoringSettings } from '../alerts/monitoring-settings.ts';

/**
 * The e-mail for an alert, in English: mail leaves the platform as text, so (unlike API errors)
 * it cannot carry codes for a renderer to word. Kept to the facts a manager acts on: what, which
 * vehicle, where, when; speeds, distances and the time in the account's units, locale and time
 * zone, worded as the console words them. ASCII separators keep the subject readable in plain
 * mail clients.
 */
export function alertEmail(event: 'alert.opened' | 'alert.escalated', alert: Alert, vehicle: string, account: Pick<MonitoringSettings, 'timeZone' | 'locale' | 'distanceUnit'>): { subject: string; text: string } {
  const { timeZone } = account;
  const units = unitWords(account.distanceUnit, account.locale);
  const what = alert.type.replace(/_/g, ' ');
  const prefix = event === 'alert.escalated' ? 'Escalated: ' : '';
  const when = new Intl.DateTimeFormat(units.locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(alert.openedAt));
  const lines = [
    `${alert.severity.toUpperCase()} - ${what} - ${vehicle}`,
    alertMessage(alert, units),
    `Where: ${alert.address.kind === 'none' ? 'unknown' : addressLine(alert.address, units)}`,
    `Opened: ${when} (${timeZone})`,
    event === 'alert.escalated' ? `Nobody acknowledged it in time${alert.assignee ? `; now assigned to ${alert.assignee.displayName}` : ''}.` : null,
    `Alert id: ${alert.id}`,
  ];
  return { subject: `${prefix}[${alert.severity}] ${what} - ${vehicle}`, text: lines.filter((l) => l !== null).join('\n') };
}

