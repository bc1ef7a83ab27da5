import { Type, type Static } from 'typebox';
import { Uuid } from './ids.ts';

/**
 * Places: reverse geocoding (a point → an address), forward search (words → streets and
 * localities) and the nearest vehicles to a point (issue "Where is it?").
 *
 * Addresses are structured data, never sentences: the renderer composes the words
 * ("Sveaplan, Gothenburg", "3 km NE of Kungälv", "57.71727, 11.96404 — no address known"), so the
 * language lives in one place. Street and locality names are proper nouns as the data source
 * spells them and are shown as they are.
 */

/** Who answered: the fleet cloud's built-in geocoder (shipped OSM + GeoNames data) or the provider's geocoding service. */
export const addressSources = ['builtin', 'provider'] as const;
export const AddressSource = Type.Enum(addressSources);
export type AddressSource = (typeof addressSources)[number];

/** Eight compass points, the direction from the locality to the point. */
export const compassBearings = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const;
export const CompassBearing = Type.Enum(compassBearings);
export type CompassBearing = (typeof compassBearings)[number];

/**
 * `approximate` is true when the provider's geocoder failed and the built-in one answered
 * instead, or when only a locality is known (kind `near`). The renderer may mark it ("≈").
 */
const approximate = Type.Boolean({ description: 'True for a fallback answer or a locality-only answer.' });

/** The point is on (within a few tens of metres of) a named road. */
export const StreetAddress = Type.Object({
  kind: Type.Literal('street'),
  /** The road's name, e.g. "Sveaplan" or "Lundbyleden". */
  street: Type.String(),
  /** Town or district the road lies in, e.g. "Gothenburg"; null when none is known nearby. */
  locality: Type.Union([Type.String(), Type.Null()]),
  /** Road number when the road carries one (OSM `ref`, e.g. "E6", "E45;E20"), or a house number from the provider. */
  ref: Type.Optional(Type.String()),
  source: AddressSource,
  approximate,
});
export type StreetAddress = Static<typeof StreetAddress>;

/** No named road near the point, but a known locality: rendered "3 km NE of Kungälv". */
export const NearAddress = Type.Object({
  kind: Type.Literal('near'),
  locality: Type.String(),
  /** Straight-line metres from the locality's centre to the point. */
  distanceM: Type.Number({ minimum: 0 }),
  /** Direction from the locality to the point. */
  bearing: CompassBearing,
  source: AddressSource,
  approximate,
});
export type NearAddress = Static<typeof NearAddress>;

/** Outside every known area: the renderer shows coordinates and "no address known". Never an error. */
export const NoAddress = Type.Object({ kind: Type.Literal('none') });
export type NoAddress = Static<typeof NoAddress>;

/** A point's address. Switch on `kind`. */
export const Address = Type.Union([StreetAddress, NearAddress, NoAddress]);
export type Address = Static<typeof Address>;

export const LatLon = Type.Object(
  {
    latitude: Type.Number({ minimum: -90, maximum: 90 }),
    longitude: Type.Number({ minimum: -180, maximum: 180 }),
  },
  { additionalProperties: false },
);
export type LatLon = Static<typeof LatLon>;

/** POST /api/places/reverse (devices.read): up to 500 points per request. */
export const ReverseGeocodeRequest = Type.Object(
  { points: Type.Array(LatLon, { minItems: 1, maxItems: 500 }) },
  { additionalProperties: false },
);
export type ReverseGeocodeRequest = Static<typeof ReverseGeocodeRequest>;

/** One address per requested point, in the same order. */
export const ReverseGeocodeResponse = Type.Object({ addresses: Type.Array(Address) });
export type ReverseGeocodeResponse = Static<typeof ReverseGeocodeResponse>;

export const placeResultKinds = ['street', 'locality', 'address'] as const;
export const PlaceResultKind = Type.Enum(placeResultKinds);
export type PlaceResultKind = (typeof placeResultKinds)[number];

/**
 * One search hit: a street (the built-in street index), a locality (town/district), or an
 * address (a house-level hit from the provider's geocoder). Vehicles are searched in the console,
 * not here.
 */
export const PlaceResult = Type.Object({
  /** Stable for the same hit across requests (e.g. "street:sveaplan:gothenburg", "locality:2711537", "provider:way:123"). */
  id: Type.String({ minLength: 1, maxLength: 200 }),
  kind: PlaceResultKind,
  /** The street, locality or address as the source spells it. */
  name: Type.String(),
  /** The locality the hit lies in; null for a locality itself or when unknown. */
  locality: Type.Union([Type.String(), Type.Null()]),
  /** Where to centre the map. */
  latitude: Type.Number({ minimum: -90, maximum: 90 }),
  longitude: Type.Number({ minimum: -180, maximum: 180 }),
  /** [west, south, east, north] in degrees, when the hit has an extent (a street's ways, a provider bounding box). */
  bounds: Type.Optional(Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()])),
  source: AddressSource,
});
export type PlaceResult = Static<typeof PlaceResult>;

/**
 * `near` as "lat,lon" in decimal degrees: hits closer to it rank first (the dispatcher's map centre).
 * Matching is by word prefix, case- and diacritic-insensitive ("sveapl" → Sveaplan, "goteborg" → Göteborg).
 */
export const PlaceSearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    near: Type.Optional(
      Type.String({ pattern: '^-?[0-9]{1,2}(\\.[0-9]+)?,-?[0-9]{1,3}(\\.[0-9]+)?$', description: 'latitude,longitude' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
  },
  { additionalProperties: false },
);
export type PlaceSearchQuery = Static<typeof PlaceSearchQuery>;

/** GET /api/places/search (devices.read), best first. */
export const PlaceSearchResponse = Type.Object({ results: Type.Array(PlaceResult) });
export type PlaceSearchResponse = Static<typeof PlaceSearchResponse>;

/** GET /api/places/nearest-vehicles (devices.read). */
export const NearestVehiclesQuery = Type.Object(
  {
    latitude: Type.Number({ minimum: -90, maximum: 90 }),
    longitude: Type.Number({ minimum: -180, maximum: 180 }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 5 })),
  },
  { additionalProperties: false },
);
export type NearestVehiclesQuery = Static<typeof NearestVehiclesQuery>;

/**
 * A vehicle near the point: straight-line distance from its last position, and where both ends
 * are on the known road network, the shortest drive from the vehicle to the point by road with
 * speeds per road class and posted limits. Drive figures are null when the road network does
 * not cover both ends (or no route joins them).
 */
export const NearestVehicle = Type.Object({
  deviceId: Uuid,
  distanceM: Type.Number({ minimum: 0 }),
  driveDistanceM: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
  driveTimeS: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
});
export type NearestVehicle = Static<typeof NearestVehicle>;

/**
 * Vehicles of the caller's tenant and group scope that have a position, nearest first: by drive
 * time where it is known, else by straight-line distance.
 */
export const NearestVehiclesResponse = Type.Object({ vehicles: Type.Array(NearestVehicle) });
export type NearestVehiclesResponse = Static<typeof NearestVehiclesResponse>;

/** Which speed limit an overspeed judgement used: the road's posted limit (OSM maxspeed) or the tenant's default. */
export const speedLimitSources = ['posted', 'tenant'] as const;
export const SpeedLimitSource = Type.Enum(speedLimitSources);
export type SpeedLimitSource = (typeof speedLimitSources)[number];

export const AppliedSpeedLimit = Type.Object({
  limitKmh: Type.Number({ minimum: 0 }),
  limitSource: SpeedLimitSource,
});
export type AppliedSpeedLimit = Static<typeof AppliedSpeedLimit>;
