import type { Device, DeviceStatus } from '../../../../contract/api/devices.ts';
import type { Point } from '../../../../contract/address-words.ts';
import { formatRelativeTime } from '../../ui/relative-time.ts';
import type { Units } from '../../ui/units.ts';
import { anchored, type AddressAnchors } from '../devices/vehicle-row-view.ts';
import type { LiveClock } from '../live/live-clock.ts';
import type { FleetStore } from '../live/fleet-store.ts';
import { fromMercator } from '../live/mercator.ts';
import { LiveViewSelector } from '../live/live-view-selector.ts';

/** What the vehicle card shows of live data, as text: equal views render the same. */
export interface DeviceDetailView {
  status: DeviceStatus;
  located: boolean;
  /** Null without a position (the card shows "—"). */
  speed: string | null;
  heading: string | null;
  /** "just now", "3 min ago", "Never". */
  seen: string;
  /** The fix's full date and time, for the tooltip; null without a fix. */
  seenAt: string | null;
  /** "57.70000, 11.90000"; null without a position. */
  position: string | null;
  /** Where the address is looked up: held until the vehicle is `readdressAfterM` away from it. */
  at: Point | null;
}

export function deviceDetailView(store: FleetStore, device: Device, now: number, units: Units, anchors: AddressAnchors): DeviceDetailView {
  const slot = store.indexOf(device.id);
  const located = slot >= 0 && store.located[slot] === 1;
  const fix = slot >= 0 ? (store.fixTime[slot] ?? 0) : 0;
  let here: Point | null = null;
  if (located) {
    const [longitude, latitude] = fromMercator(store.x[slot] ?? 0, store.y[slot] ?? 0);
    here = { latitude, longitude };
  }
  return {
    status: slot >= 0 ? store.statusOf(slot) : device.status,
    located,
    speed: located ? units.speed(store.speed[slot] ?? 0) : null,
    heading: located ? `${Math.round(store.course[slot] ?? 0)}°` : null,
    seen: fix ? formatRelativeTime(new Date(fix).toISOString(), now, units.date) : 'Never',
    seenAt: fix ? units.dateTime(fix) : null,
    position: here ? `${here.latitude.toFixed(5)}, ${here.longitude.toFixed(5)}` : null,
    at: anchored(anchors, device.id, here),
  };
}

function sameView(a: DeviceDetailView, b: DeviceDetailView): boolean {
  return (
    a.status === b.status &&
    a.located === b.located &&
    a.speed === b.speed &&
    a.heading === b.heading &&
    a.seen === b.seen &&
    a.seenAt === b.seenAt &&
    a.position === b.position &&
    a.at === b.at
  );
}

/**
 * The vehicle card's subscription (LiveViewSelector, as the list's rows have): the card
 * re-renders only when its own vehicle's text moved, and never scans the fleet. Its address
 * anchor is its own.
 */
export class DeviceDetailSelector extends LiveViewSelector<DeviceDetailView> {
  constructor(store: FleetStore, clock: LiveClock, device: Device, units: Units) {
    const anchors: AddressAnchors = new Map();
    super(store, clock, (now) => deviceDetailView(store, device, now, units, anchors), sameView);
  }
}
