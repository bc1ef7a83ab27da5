import { dayStart, nextDay } from '../time/local-day.ts';

/** How often a scheduled report goes out: each day, each Monday (the week before), each 1st (the month before). */
export const reportCadences = ['daily', 'weekly', 'monthly'] as const;
export type ReportCadence = (typeof reportCadences)[number];

export interface ReportPeriod {
  from: string;
  to: string;
}

/** Local hour on the day after a period at which its report is due: late fixes of the evening are in by then. */
export const reportSendHour = 6;

const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** Days since the Monday of `day`'s ISO week (getUTCDay() is 0 on Sunday). */
const weekday = (day: string) => (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;

/** The period `today` (YYYY-MM-DD in the tenant's zone) lies in: the day, its Monday-to-Sunday week, its month. */
export function currentPeriod(cadence: ReportCadence, today: string): ReportPeriod {
  switch (cadence) {
    case 'daily':
      return { from: today, to: today };
    case 'weekly': {
      const monday = shift(today, -weekday(today));
      return { from: monday, to: shift(monday, 6) };
    }
    case 'monthly': {
      const first = `${today.slice(0, 7)}-01`;
      const nextFirst = `${shift(first, 31).slice(0, 7)}-01`;
      return { from: first, to: shift(nextFirst, -1) };
    }
  }
}

/** The last complete period before `today`: yesterday, last Monday-to-Sunday week, last calendar month. */
export function previousPeriod(cadence: ReportCadence, today: string): ReportPeriod {
  const current = currentPeriod(cadence, today);
  return currentPeriod(cadence, shift(current.from, -1));
}

/** When a period's report is due: `reportSendHour` on the day after it ends, in the tenant's zone (epoch ms). */
export function periodDueAt(period: ReportPeriod, timeZone: string): number {
  return dayStart(nextDay(period.to), timeZone) + reportSendHour * 3_600_000;
}
