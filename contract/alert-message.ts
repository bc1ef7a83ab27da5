import type { Alert } from './api/alerts.ts';
import type { UnitWords } from './units.ts';

/**
 * An alert's one line, in the reader's units. The fleet cloud writes `message` once, in metric
 * units, when the alert opens; the types whose facts carry speeds are worded again here from
 * their details (stored metric), so a miles tenant reads mph in the console and in its e-mails,
 * and an overspeed episode that ended shows its top speed. Other types keep their message.
 */
export function alertMessage(alert: Pick<Alert, 'type' | 'message' | 'details'>, units: UnitWords): string {
  const d = alert.details;
  const num = (key: string) => (typeof d[key] === 'number' ? (d[key] as number) : null);
  switch (alert.type) {
    case 'overspeed': {
      const speed = num('speedKmh');
      const limit = num('limitKmh');
      if (speed === null || limit === null) return alert.message;
      const ended = typeof d.endedAt === 'string';
      return `Speed ${ended ? 'up to ' : ''}${units.speed(speed)}, ${d.limitSource === 'posted' ? 'posted limit' : 'limit'} ${units.speed(limit)}`;
    }
    case 'harsh_braking':
    case 'harsh_acceleration': {
      const from = num('fromKmh');
      const to = num('toKmh');
      const seconds = num('seconds');
      if (from === null || to === null || seconds === null) return alert.message;
      return `${alert.type === 'harsh_braking' ? 'Harsh braking' : 'Harsh acceleration'}: ${units.speed(from)} → ${units.speed(to)} in ${units.number(seconds, 1)} s`;
    }
    default:
      return alert.message;
  }
}
