import type { LonLat } from './road-graph.ts';

/** A named place vehicles drive to; snapped to the nearest road node when the fleet is built. */
export interface Place {
  name: string;
  at: LonLat;
}

/**
 * Depots of the demo tenants (near where the seed last saw their vehicles) and well-known
 * destinations in Gothenburg, all inside the road network's bounding box
 * (11.86–12.094 E, 57.648–57.762 N). Customers are added at random road nodes on top.
 */
export const depots = {
  north: { name: 'North depot (Backaplan)', at: [11.9476, 57.7203] },
  south: { name: 'South depot (Högsbo)', at: [11.9387, 57.6712] },
  taxiRank: { name: 'Central Station taxi rank', at: [11.9743, 57.7086] },
  utilities: { name: 'City Utilities yard (Gamlestaden)', at: [12.0036, 57.7283] },
} as const satisfies Record<string, Place>;

export const landmarks: Place[] = [
  { name: 'Lindholmen', at: [11.9384, 57.7069] },
  { name: 'Liseberg', at: [11.9925, 57.6953] },
  { name: 'Chalmers', at: [11.9740, 57.6898] },
  { name: 'Sahlgrenska', at: [11.9605, 57.6830] },
  { name: 'Majorna', at: [11.9230, 57.6930] },
  { name: 'Eriksberg', at: [11.9120, 57.7020] },
  { name: 'Ullevi', at: [11.9870, 57.7060] },
  { name: 'Kviberg', at: [12.0290, 57.7370] },
  { name: 'Östra sjukhuset', at: [12.0490, 57.7220] },
  { name: 'Backa', at: [11.9870, 57.7510] },
  { name: 'Mölndal', at: [12.0140, 57.6560] },
  { name: 'Järntorget', at: [11.9530, 57.6997] },
  { name: 'Kortedala', at: [12.0300, 57.7530] },
  { name: 'Ringön', at: [11.9600, 57.7230] },
  { name: 'Guldheden', at: [11.9790, 57.6880] },
];
