import { useEffect } from 'react';
import { LngLatBounds, type Map as MapLibreMap } from 'maplibre-gl';
import type { FleetStore } from '../live/fleet-store.ts';
import { fromMercator } from '../live/mercator.ts';
import { useMapHandle } from './map-context.ts';

interface Props {
  store: FleetStore;
  selectedId: string | null;
  following: boolean;
  focusRequest: number;
  fitRequest: number;
  /** Device ids the "fit" request frames (the filtered list); all located vehicles when empty. */
  fitIds: readonly string[];
}

/**
 * Moves the camera for the dispatcher: frames the fleet on first load and on "Fit on map",
 * flies to a vehicle picked in the list or from an alert, and keeps a followed vehicle centred
 * as it moves. Renders nothing.
 */
export function MapCameraController({ store, selectedId, following, focusRequest, fitRequest, fitIds }: Props) {
  const { map } = useMapHandle();

  useEffect(() => {
    // First frame of a workspace: frame whatever is located once the store has data.
    let done = false;
    const frame = () => {
      if (done || store.count === 0) return;
      done = true;
      fitTo(map, store, []);
    };
    frame();
    const unsubscribe = store.subscribe(frame);
    return unsubscribe;
  }, [map, store]);

  useEffect(() => {
    if (fitRequest > 0) fitTo(map, store, fitIds);
    // Only an explicit request refits; a changing filter alone must not move the camera.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fitRequest]);

  useEffect(() => {
    if (focusRequest === 0 || !selectedId) return;
    const i = store.indexOf(selectedId);
    if (i < 0 || !store.located[i]) return;
    map.flyTo({ center: fromMercator(store.x[i] ?? 0, store.y[i] ?? 0), zoom: Math.max(map.getZoom(), 14.5), duration: 600 });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusRequest]);

  useEffect(() => {
    if (!following || !selectedId) return;
    const follow = () => {
      const i = store.indexOf(selectedId);
      if (i < 0 || !store.located[i]) return;
      map.easeTo({ center: fromMercator(store.x[i] ?? 0, store.y[i] ?? 0), duration: 900, easing: (t) => t });
    };
    follow();
    return store.subscribe(follow);
  }, [map, store, selectedId, following]);

  return null;
}

function fitTo(map: MapLibreMap, store: FleetStore, ids: readonly string[]) {
  const bounds = new LngLatBounds();
  const indices = ids.length ? ids.map((id) => store.indexOf(id)) : Array.from({ length: store.count }, (_, i) => i);
  let any = false;
  for (const i of indices) {
    if (i < 0 || !store.located[i]) continue;
    bounds.extend(fromMercator(store.x[i] ?? 0, store.y[i] ?? 0));
    any = true;
  }
  if (!any) return;
  map.fitBounds(bounds, { padding: 80, maxZoom: 14, duration: 500 });
}
