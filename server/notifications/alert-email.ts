import type { Alert } from '../../contract/api/alerts.ts';
import type { Address } from '../../contract/api/places.ts';

/**
 * The e-mail for an alert, in English: mail leaves the platform as text, so (unlike API errors)
 * it cannot carry codes for a renderer to word. Kept to the facts a manager acts on: what, which
 * vehicle, where, when; ASCII separators keep the subject readable in plain mail clients.
 */
export function alertEmail(event: 'alert.opened' | 'alert.escalated', alert: Alert, vehicle: string, timeZone: string): { subject: string; text: string } {
  const what = alert.type.replace(/_/g, ' ');
  const prefix = event === 'alert.escalated' ? 'Escalated: ' : '';
  const when = new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(alert.openedAt));
  const lines = [
    `${alert.severity.toUpperCase()} - ${what} - ${vehicle}`,
    alert.message,
    `Where: ${placeText(alert.address)}`,
    `Opened: ${when} (${timeZone})`,
    event === 'alert.escalated' ? `Nobody acknowledged it in time${alert.assignee ? `; now assigned to ${alert.assignee.displayName}` : ''}.` : null,
    `Alert id: ${alert.id}`,
  ];
  return { subject: `${prefix}[${alert.severity}] ${what} - ${vehicle}`, text: lines.filter((l) => l !== null).join('\n') };
}

function placeText(address: Address): string {
  switch (address.kind) {
    case 'street':
      return [address.ref ? `${address.street} (${address.ref})` : address.street, address.locality].filter(Boolean).join(', ');
    case 'near':
      return `${(address.distanceM / 1000).toFixed(1)} km ${address.bearing} of ${address.locality}`;
    case 'none':
      return 'unknown';
  }
}
