import type { Device } from '../../../../contract/api/devices.ts';

/**
 * Vehicles whose name, plate or unit id contain every word of the query (the list filter's rule,
 * features/devices/device-view.ts), best first: a name that starts with the query, then a plate
 * or unit id that does, then the rest, each by name. At most `limit`.
 */
export function searchVehicles(devices: readonly Device[], query: string, limit = 5): Device[] {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const q = words.join(' ');
  const scored: { device: Device; score: number }[] = [];
  for (const device of devices) {
    const name = device.name.toLocaleLowerCase();
    const plate = (device.plate ?? '').toLocaleLowerCase();
    const unit = device.uniqueId.toLocaleLowerCase();
    const haystack = `${name}\n${plate}\n${unit}`;
    if (!words.every((w) => haystack.includes(w))) continue;
    const score = name.startsWith(q) ? 0 : plate.startsWith(q) || unit.startsWith(q) || plate.replaceAll(' ', '').startsWith(q.replaceAll(' ', '')) ? 1 : 2;
    scored.push({ device, score });
  }
  scored.sort((a, b) => a.score - b.score || a.device.name.localeCompare(b.device.name, undefined, { numeric: true }));
  return scored.slice(0, limit).map((s) => s.device);
}
