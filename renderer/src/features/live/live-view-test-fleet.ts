import { vi } from 'vitest';
import type { Device } from '../../../../contract/api/devices.ts';
import { makeUnits } from '../../ui/units.ts';

/**
 * What the live-view selectors' tests share (the list rows', vehicle-row-view.test.ts, and the
 * vehicle card's, device-detail-view.test.ts; fleet-feed.test.ts): a clock start, a vehicle at a known place, units,
 * and the wait for a store notification to reach a selector at the human pace.
 */
export const t0 = Date.parse('2026-12-07T10:00:00Z');
export const start = { latitude: 57.7, longitude: 11.9 };
export const units = makeUnits({ distanceUnit: 'km', timeZone: 'Europe/Stockholm', locale: 'en-GB' });

/** A truck moving at 50 km/h from `start` at t0 (without a position when not `located`). */
export function testDevice(id: string, { located = true, course = 0 }: { located?: boolean; course?: number } = {}): Device {
  return {
    id,
    uniqueId: `unit-${id}`,
    name: `Truck ${id}`,
    plate: null,
    vehicleType: 'truck',
    groupId: null,
    groupName: null,
    status: located ? 'moving' : 'unknown',
    lastSeenAt: null,
    position: located ? { fixTime: new Date(t0).toISOString(), ...start, speedKmh: 50, course } : null,
  };
}

/** The store's notification (a microtask), then the human pace (once a second); needs fake timers. */
export async function settle(): Promise<void> {
  await Promise.resolve();
  vi.advanceTimersByTime(1000);
}
