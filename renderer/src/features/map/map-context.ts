import { createContext, useContext } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';

/**
 * The map instance, handed to layer components through context (no module-level singleton, so
 * two maps — or a test harness — never share state). `styleGeneration` bumps whenever the style is
 * replaced, which drops every source and layer: layer components key their effects on it to add
 * themselves again.
 */
export interface MapHandle {
  map: MapLibreMap;
  styleGeneration: number;
}

export const MapContext = createContext<MapHandle | null>(null);

export function useMapHandle(): MapHandle {
  const handle = useContext(MapContext);
  if (!handle) throw new Error('Map layers must be rendered inside <MapView>.');
  return handle;
}
