import type { Address, AddressSource } from './api/places.ts';
import { kmPerMile, type UnitWords } from './units.ts';

/** A point in degrees, as the contract spells it. */
export interface Point {
  latitude: number;
  longitude: number;
}

/** An address in words, with what the display needs to mark it. */
export interface AddressWords {
  /** "Sveaplan, Gothenburg", "E6, Gothenburg", "3 km NE of Kungälv", "57.71727, 11.96404". */
  text: string;
  /** A fallback answer or only a locality: shown with "≈". */
  approximate: boolean;
  /** No address is known: `text` is the coordinates (or empty without a point). */
  unknown: boolean;
}

/** Coordinates as the console shows them everywhere: latitude, longitude, five decimals (~1 m). */
export function formatCoordinates(point: Point): string {
  return `${point.latitude.toFixed(5)}, ${point.longitude.toFixed(5)}`;
}

/**
 * The one place an `Address` becomes words (contract/api/places.ts keeps addresses structured so
 * the language lives here): the console's screens and exports, and the fleet cloud's alert
 * e-mails. Street and locality names are shown as the source spells them; distances follow the
 * tenant's units.
 */
export function addressWords(address: Address, units: UnitWords, point?: Point): AddressWords {
  switch (address.kind) {
    case 'street': {
      const street = streetName(address.street, address.ref, address.source);
      return { text: address.locality ? `${street}, ${address.locality}` : street, approximate: address.approximate, unknown: false };
    }
    case 'near':
      return { text: `${nearDistance(address.distanceM, units)} ${address.bearing} of ${address.locality}`, approximate: true, unknown: false };
    case 'none':
      return { text: point ? formatCoordinates(point) : '', approximate: false, unknown: true };
  }
}

/**
 * One line for text-only places (notifications, exports): "≈ 3 km NE of Kungälv",
 * "57.71727, 11.96404 (no address known)".
 */
export function addressLine(address: Address, units: UnitWords, point?: Point): string {
  const words = addressWords(address, units, point);
  if (words.unknown) return words.text ? `${words.text} (no address known)` : 'No address known';
  return words.approximate ? `≈ ${words.text}` : words.text;
}

/**
 * The built-in data's `ref` is a road number (E6, E45;E20): shown beside a named road, alone when
 * the road has no name of its own. A provider's `ref` is a house number: "Sveaplan 3".
 */
function streetName(street: string, ref: string | undefined, source: AddressSource): string {
  const number = ref?.replaceAll(';', '/').trim();
  if (!number || street.includes(number)) return street || number || '';
  if (source === 'provider') return `${street} ${number}`;
  return street ? `${street} (${number})` : number;
}

/** Whole kilometres (or miles) from 10 on, one decimal below: "3.2 km NE", "14 km S". */
function nearDistance(distanceM: number, units: UnitWords): string {
  const perUnit = units.distanceUnit === 'mi' ? kmPerMile : 1;
  const shown = distanceM / 1000 / perUnit;
  return units.distance((shown >= 10 ? Math.round(shown) : shown) * perUnit);
}
