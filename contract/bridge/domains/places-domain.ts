import { Type } from 'typebox';
import type { NearestVehicle, PlaceResult } from '../../api/places.ts';
import { LatLon, type Address } from '../../api/places.ts';
import type { BridgeCall, BridgeInput } from '../console-bridge.ts';
import { unwrap } from '../unwrap.ts';

const WorkspaceId = Type.String({ minLength: 1, maxLength: 256 });

/** Addresses of points, in the order asked. */
export interface PlaceAddresses {
  workspaceId: string;
  addresses: Address[];
  /**
   * True when the fleet cloud was unreachable: the addresses come from this computer's cache
   * (by coordinate rounded to ~1e-4°, about 10 m), and points never looked up are `{ kind: 'none' }`.
   */
  offline: boolean;
}

export interface PlaceSearchResults {
  workspaceId: string;
  /** Best first. */
  results: PlaceResult[];
  /** True when the fleet cloud was unreachable: only places found by earlier searches are searched. */
  offline: boolean;
}

export interface NearestVehicleList {
  workspaceId: string;
  /** Nearest first (by drive time where known, else straight-line distance). */
  vehicles: NearestVehicle[];
  /**
   * True when the fleet cloud was unreachable: distances are straight lines from the positions
   * cached on this computer, and drive figures are null.
   */
  offline: boolean;
}

/**
 * Places (issue "Where is it?"): addresses for the points the console shows, search of streets
 * and localities, and the vehicles nearest to a point. Online these ask the fleet cloud
 * (contract/api/places.ts) and remember the answers in the workspace's cache; offline they answer
 * from that cache and say so with `offline: true`.
 */
export const placesInputs = {
  'places.reverse': Type.Object(
    { workspaceId: WorkspaceId, points: Type.Array(LatLon, { minItems: 1, maxItems: 500 }) },
    { additionalProperties: false },
  ),
  'places.search': Type.Object(
    {
      workspaceId: WorkspaceId,
      q: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
      /** Rank hits near this point first (the map centre). */
      near: Type.Optional(LatLon),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    },
    { additionalProperties: false },
  ),
  'places.nearestVehicles': Type.Object(
    {
      workspaceId: WorkspaceId,
      latitude: Type.Number({ minimum: -90, maximum: 90 }),
      longitude: Type.Number({ minimum: -180, maximum: 180 }),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    },
    { additionalProperties: false },
  ),
} as const;

export interface PlacesOutputs {
  'places.reverse': PlaceAddresses;
  'places.search': PlaceSearchResults;
  'places.nearestVehicles': NearestVehicleList;
}

export interface PlacesBridge {
  places: {
    reverse(input: BridgeInput<'places.reverse'>): Promise<PlaceAddresses>;
    search(input: BridgeInput<'places.search'>): Promise<PlaceSearchResults>;
    nearestVehicles(input: BridgeInput<'places.nearestVehicles'>): Promise<NearestVehicleList>;
  };
}

export function buildPlacesBridge(call: BridgeCall): PlacesBridge {
  return {
    places: {
      reverse: (input) => unwrap(call('places.reverse', input)),
      search: (input) => unwrap(call('places.search', input)),
      nearestVehicles: (input) => unwrap(call('places.nearestVehicles', input)),
    },
  };
}
