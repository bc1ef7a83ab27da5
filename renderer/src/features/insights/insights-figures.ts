import type { InsightsResponse, InsightsTotals } from '../../../../contract/api/insights.ts';
import { alertTypeWords } from '../../ui/alert-words.ts';
import { countOf } from '../../ui/plural.ts';
import type { Units } from '../../ui/units.ts';

/** Hours and minutes of a number of seconds ("12 h 05 min", "45 min"). */
export function duration(seconds: number, units: Pick<Units, 'number'>): string {
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return `${units.number(h)} h ${String(m).padStart(2, '0')} min`;
}

/** Fuel burnt, or "not reported" when no vehicle of the selection sent a fuel level (never a false 0 %). */
export function fuelText(pct: number | null, units: Pick<Units, 'number'>): string {
  return pct === null ? 'not reported' : `${units.number(pct)} %`;
}

/** Change against the previous period: null when there is nothing to compare with (or a figure is not reported). */
export function change(now: number | null, before: number | null): number | null {
  if (now === null || before === null || before === 0) return null;
  return (now - before) / before;
}

/** Which way is good for a figure: more distance is neutral, more idling is worse. */
export type Better = 'up' | 'down' | 'neutral';

export interface Kpi {
  id: string;
  label: string;
  value: string;
  /** A second line: a share, a rate, a count. */
  detail?: string;
  change: number | null;
  better: Better;
}

/** Share of the fleet's vehicle-days in the period on which the vehicle drove at all, 0–1. */
export function utilisation(t: Pick<InsightsTotals, 'vehicleDaysUsed'>, vehicles: number, days: number): number {
  return vehicles > 0 && days > 0 ? t.vehicleDaysUsed / (vehicles * days) : 0;
}

const percent = (share: number, units: Pick<Units, 'number'>) => `${units.number(share * 100, share < 0.1 ? 1 : 0)} %`;

/** The headline figures of a period, each with its change against the previous one. */
export function headlineKpis(r: InsightsResponse, days: number, units: Units): Kpi[] {
  const t = r.totals;
  const p = r.previous;
  const alerts = Object.values(r.alertsByType).reduce((sum, n) => sum + n, 0);
  const use = utilisation(t, r.vehicleCount, days);
  return [
    { id: 'distance', label: 'Distance', value: units.distance(t.distanceKm), detail: `${units.speed(t.avgSpeedKmh)} average`, change: change(t.distanceKm, p.distanceKm), better: 'neutral' },
    { id: 'driving', label: 'Driving time', value: duration(t.drivingS, units), detail: countOf(r.trips, 'trip', 'trips', units.number), change: change(t.drivingS, p.drivingS), better: 'neutral' },
    {
      id: 'utilisation',
      label: 'Utilisation',
      value: percent(use, units),
      detail: `${units.number(t.vehiclesUsed)} of ${units.number(r.vehicleCount)} vehicles drove`,
      change: change(use, utilisation(p, r.vehicleCount, days)),
      better: 'up',
    },
    { id: 'idle', label: 'Idling', value: duration(t.idleS, units), detail: `${percent(t.idleShare, units)} of engine-on time`, change: change(t.idleS, p.idleS), better: 'down' },
    { id: 'speeding', label: 'Over the speed limit', value: duration(t.overspeedS, units), detail: `${units.number(t.overspeedEvents)} episodes`, change: change(t.overspeedS, p.overspeedS), better: 'down' },
    {
      id: 'harsh',
      label: 'Harsh events /100 km',
      value: units.number(t.harshPer100Km, 1),
      detail: `${units.number(t.harshAcceleration)} accelerations, ${units.number(t.harshBraking)} brakings`,
      change: change(t.harshPer100Km, p.harshPer100Km),
      better: 'down',
    },
    {
      id: 'fuel',
      label: 'Fuel used',
      value: fuelText(t.fuelUsedPct, units),
      detail: t.fuelUsedPct === null ? 'no vehicle sent a fuel level (OBD units only)' : 'of a tank (OBD units only)',
      change: change(t.fuelUsedPct, p.fuelUsedPct),
      better: 'down',
    },
    { id: 'afterHours', label: 'After-hours driving', value: duration(t.afterHoursS, units), detail: units.distance(t.afterHoursKm), change: change(t.afterHoursS, p.afterHoursS), better: 'down' },
    { id: 'alerts', label: 'Alerts', value: units.number(alerts), detail: alertSummary(r.alertsByType, units), change: null, better: 'down' },
  ];
}

function alertSummary(byType: Record<string, number>, units: Pick<Units, 'number'>): string {
  const top = Object.entries(byType).sort((a, b) => b[1] - a[1]).slice(0, 2);
  const word = (type: string) => (alertTypeWords as Record<string, string | undefined>)[type]?.toLowerCase() ?? type.replaceAll('_', ' ');
  return top.length === 0 ? 'none in the period' : top.map(([type, n]) => `${units.number(n)} ${word(type)}`).join(', ');
}

/** "+12 %" / "−3 %" / "no change"; the tone says whether the change is good for the fleet. */
export function changeText(value: number | null, better: Better, units: Pick<Units, 'number'>): { text: string; tone: 'good' | 'bad' | 'neutral' } {
  if (value === null) return { text: 'no earlier figures', tone: 'neutral' };
  const rounded = Math.round(value * 100);
  if (rounded === 0) return { text: 'no change', tone: 'neutral' };
  const text = `${rounded > 0 ? '+' : '−'}${units.number(Math.abs(rounded))} %`;
  if (better === 'neutral') return { text, tone: 'neutral' };
  return { text, tone: (rounded > 0) === (better === 'up') ? 'good' : 'bad' };
}
