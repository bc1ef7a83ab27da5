import type { Address } from '../../contract/api/places.ts';
import { addressMemo } from './geocode-cache.ts';
import { geodata } from './geodata.ts';

/**
 * The address of a point for reads and writes that must not wait (trip lists, alert writes in
 * ingest): a provider answer this process already holds for the current service, else the
 * built-in geocoder. Never a query, never an HTTP call.
 */
export function addressAt(lat: number | null | undefined, lon: number | null | undefined, service: string | null = currentService): Address {
  if (typeof lat !== 'number' || typeof lon !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lon)) return { kind: 'none' };
  const held = service ? addressMemo.get(service, lat, lon) : undefined;
  if (held && held.kind !== 'none') return held;
  return geodata().geocoder.reverse(lat, lon);
}

/**
 * A stored point's address (a closed trip keeps the one found when it closed, decision 0360): a
 * provider answer this process holds for the current service still wins, as in `addressAt`, so
 * a configured geocoding service shows wherever it has answered; otherwise the stored address,
 * which is the built-in geocoder's, and a lookup only where none was stored.
 */
export function storedAddressAt(stored: Address | null | undefined, lat: number, lon: number, service: string | null = currentService): Address {
  if (!stored) return addressAt(lat, lon, service);
  const held = service ? addressMemo.get(service, lat, lon) : undefined;
  return held && held.kind !== 'none' ? held : stored;
}

let currentService: string | null = null;
/** The provider geocoder says which service it uses, so held answers of an old one are not used. */
export function setCurrentService(url: string | null): void {
  currentService = url;
}
