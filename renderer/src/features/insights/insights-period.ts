import { previousPeriod } from '../../../../contract/reports/report-periods.ts';
import { daysBetween } from '../../../../contract/time/local-day.ts';

/** The periods a manager picks from; days are calendar days in the tenant's time zone. */
export type PeriodPreset = 'last7' | 'lastWeek' | 'last30' | 'lastMonth' | 'custom';

export interface Period {
  from: string;
  to: string;
}

export const presetLabels: Record<PeriodPreset, string> = {
  last7: 'Last 7 days',
  lastWeek: 'Last week (Mon–Sun)',
  last30: 'Last 30 days',
  lastMonth: 'Last month',
  custom: 'Custom',
};

const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The days of a preset period ending on or before `today` (YYYY-MM-DD in the tenant's zone). */
export function presetPeriod(preset: Exclude<PeriodPreset, 'custom'>, today: string): Period {
  switch (preset) {
    case 'last7':
      return { from: shift(today, -6), to: today };
    case 'last30':
      return { from: shift(today, -29), to: today };
    // The same weeks and months a scheduled report covers.
    case 'lastWeek':
      return previousPeriod('weekly', today);
    case 'lastMonth':
      return previousPeriod('monthly', today);
  }
}

export function periodDays(period: Period): number {
  return daysBetween(period.from, period.to).length;
}
