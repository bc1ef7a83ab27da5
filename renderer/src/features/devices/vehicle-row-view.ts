import type { Device, DeviceStatus } from '../../../../contract/api/devices.ts';
import { distanceM } from '../../../../contract/geo/sphere.ts';
import { formatRelativeTime } from '../../ui/relative-time.ts';
import type { Units } from '../../ui/units.ts';
import type { LiveClock } from '../live/live-clock.ts';
import type { FleetStore } from '../live/fleet-store.ts';
import { fromMercator } from '../live/mercator.ts';
import { LiveViewSelector } from '../live/live-view-selector.ts';
import type { Point } from '../../../../contract/address-words.ts';
import { readdressAfterM } from '../places/use-addresses.ts';

/** What one row of the vehicle list shows of live data, as text: equal views render the same. */
export interface VehicleRowView {
  status: DeviceStatus;
  alerting: boolean;
  /** Null without a position. */
  speed: string | null;
  seen: string;
  /** Where the address is looked up: held until the vehicle is `readdressAfterM` away from it. */
  at: Point | null;
}

/**
 * Where each vehicle was when its address was last asked, shared by the rows of one list so a
 * row scrolled out and back in keeps its anchor (and its cached address).
 */
export type AddressAnchors = Map<string, Point>;

/** The point to ask the address for: `here`, or the anchor it is still within `readdressAfterM` of. */
export function anchored(anchors: AddressAnchors, id: string, here: Point | null): Point | null {
  if (!here) return null;
  const anchor = anchors.get(id);
  if (anchor && distanceM(anchor, here) <= readdressAfterM) return anchor;
  // A long shift of scrolling must not grow this without bound.
  if (anchors.size > 5_000) anchors.clear();
  anchors.set(id, here);
  return here;
}

export function vehicleRowView(store: FleetStore, device: Device, now: number, units: Units, anchors: AddressAnchors): VehicleRowView {
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
    alerting: slot >= 0 && store.alerting[slot] === 1,
    speed: located ? units.speed(store.speed[slot] ?? 0) : null,
    seen: formatRelativeTime(fix ? new Date(fix).toISOString() : device.lastSeenAt, now, units.date),
    at: anchored(anchors, device.id, here),
  };
}

export function sameRowView(a: VehicleRowView, b: VehicleRowView): boolean {
  return a.status === b.status && a.alerting === b.alerting && a.speed === b.speed && a.seen === b.seen && a.at === b.at;
}

/**
 * One row's subscription (LiveViewSelector): React skips the row while nothing it shows changed,
 * so a second of updates re-renders only the rows in view whose speed, status, place or "last
 * seen" text moved.
 */
export class VehicleRowSelector extends LiveViewSelector<VehicleRowView> {
  constructor(store: FleetStore, clock: LiveClock, device: Device, units: Units, anchors: AddressAnchors) {
    super(store, clock, (now) => vehicleRowView(store, device, now, units, anchors), sameRowView);
  }
}
