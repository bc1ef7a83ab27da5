/**
 * How much traffic slows vehicles down, by local time of day and road class: rush hours hit
 * the arterials hardest, residential streets barely notice, nights are free-flowing.
 * Returns a factor on the speed limit (1 = free flow).
 */
const majorRoads = new Set(['motorway', 'motorway_link', 'trunk', 'trunk_link', 'primary', 'primary_link', 'secondary', 'secondary_link']);

const hourFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23' });

/** Local hour (with fraction) and whether it is a weekend, in Gothenburg. */
export function localTime(t: number): { hour: number; weekend: boolean } {
  const parts = hourFormat.formatToParts(new Date(t));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = get('weekday');
  return { hour: Number(get('hour')) + Number(get('minute')) / 60, weekend: day === 'Sat' || day === 'Sun' };
}

/** Congestion 0 (empty roads) … 1 (peak rush hour) by local time. */
export function congestion(hour: number, weekend: boolean): number {
  const bump = (centre: number, width: number) => Math.exp(-(((hour - centre) / width) ** 2));
  if (weekend) return 0.35 * bump(13, 3.5);
  const base = hour >= 6 && hour < 20 ? 0.3 : 0.05;
  return Math.min(1, base + 0.7 * bump(7.75, 1.0) + 0.7 * bump(16.5, 1.2));
}

export function trafficFactor(t: number, roadClass: string): number {
  const { hour, weekend } = localTime(t);
  const c = congestion(hour, weekend);
  return majorRoads.has(roadClass) ? 1 - 0.5 * c : 1 - 0.2 * c;
}

/** Chance that a junction on this class of road has a red light for the vehicle. */
export function redLightChance(t: number, roadClass: string): number {
  const { hour, weekend } = localTime(t);
  const base = majorRoads.has(roadClass) || roadClass.startsWith('tertiary') ? 0.3 : 0.04;
  return base * (0.6 + 0.6 * congestion(hour, weekend));
}
