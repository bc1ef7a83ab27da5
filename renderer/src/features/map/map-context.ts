import { createContext, useContext } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { AreaLabelBoard } from './area-labels.ts';

/**
 * The map instance, handed to layer components through context (no module-level singleton, so
 * two maps — or a test harness — never share state). `styleGeneration` bumps whenever the style is
 * replaced, which drops every source and layer: layer components key their effects on it to add
 * themselves again. `areaLabels` (one per map) is where layers publish area names for the label
 * overlay that VehicleLayer draws.
 */
export interface MapHandle {
  map: MapLibreMap;
  styleGeneration: number;
  areaLabels: AreaLabelBoard;
}

export const MapContext = createContext<MapHandle | null>(null);

export function useMapHandle(): MapHandle {
  const handle = useContext(MapContext);
  if (!handle) throw new Error('Map layers must be rendered inside <MapView>.');
  return handle;
}
