import { useEffect } from 'react';
import { LngLatBounds, type Map as MapLibreMap } from 'maplibre-gl';
import type { FleetStore } from '../live/fleet-store.ts';
import { fromMercator } from '../live/mercator.ts';
import { useConsoleStore } from '../console/console-store.ts';
import { useMapHandle } from './map-context.ts';

interface Props {
  store: FleetStore;
  selectedId: string | null;
  following: boolean;
  focusRequest: number;
  fitRequest: number;
  /** Device ids the "fit" request frames (the filtered list); all located vehicles when empty. */
  fitIds: readonly string[];
  /**
   * Pixels of the map's right edge the alert inbox covers (reaching over it) while it is the open
   * panel: camera moves centre in the uncovered part. Passed with each move, not set on the map:
   * changing the map's padding on its own would move and redraw it.
   */
  inboxCovers?: number;
}

/**
 * Moves the camera for the dispatcher: frames the fleet on first load and on "Fit on map",
 * flies to a vehicle picked in the list or from an alert, and keeps a followed vehicle centred
 * as it moves. Renders nothing.
 */
export function MapCameraController({ store, selectedId, following, focusRequest, fitRequest, fitIds, inboxCovers = 0 }: Props) {
  const { map } = useMapHandle();
  // Read here, not in the console: a tab switch re-renders this (it draws nothing), not the map.
  const coveredRight = useConsoleStore((s) => (s.panel === 'alerts' ? inboxCovers : 0));
  const padding = { top: 0, bottom: 0, left: 0, right: coveredRight };

  useEffect(() => {
    // First frame of a workspace: frame whatever is located once the store has data. A jump, not
    // a flight from the default view: the first frame shows the fleet where it is, and the map
    // loads only that view's tiles instead of every view along a half-second flight (decision 0365).
    let done = false;
    const frame = () => {
      if (done || store.count === 0) return;
      done = true;
      fitTo(map, store, [], 0, 0);
    };
    frame();
    const unsubscribe = store.subscribe(frame);
    return unsubscribe;
  }, [map, store]);

  useEffect(() => {
    if (fitRequest > 0) fitTo(map, store, fitIds, coveredRight);
    // Only an explicit request refits; a changing filter alone must not move the camera.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fitRequest]);

  useEffect(() => {
    if (focusRequest === 0 || !selectedId) return;
    const i = store.indexOf(selectedId);
    if (i < 0 || !store.located[i]) return;
    map.flyTo({ center: fromMercator(store.x[i] ?? 0, store.y[i] ?? 0), zoom: Math.max(map.getZoom(), 14.5), duration: 600, padding });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusRequest]);

  useEffect(() => {
    if (!following || !selectedId) return;
    const follow = () => {
      const i = store.indexOf(selectedId);
      if (i < 0 || !store.located[i]) return;
      map.easeTo({ center: fromMercator(store.x[i] ?? 0, store.y[i] ?? 0), duration: 900, easing: (t) => t, padding: { top: 0, bottom: 0, left: 0, right: coveredRight } });
    };
    follow();
    return store.subscribe(follow);
  }, [map, store, selectedId, following, coveredRight]);

  return null;
}

function fitTo(map: MapLibreMap, store: FleetStore, ids: readonly string[], coveredRight = 0, duration = 500) {
  const bounds = new LngLatBounds();
  const indices = ids.length ? ids.map((id) => store.indexOf(id)) : Array.from({ length: store.count }, (_, i) => i);
  let any = false;
  for (const i of indices) {
    if (i < 0 || !store.located[i]) continue;
    bounds.extend(fromMercator(store.x[i] ?? 0, store.y[i] ?? 0));
    any = true;
  }
  if (!any) return;
  // MapLibre adds the map's own padding (left by the last flyTo/easeTo): only what it lacks is added here.
  map.fitBounds(bounds, { padding: { top: 80, bottom: 80, left: 80, right: 80 + Math.max(0, coveredRight - (map.getPadding().right ?? 0)) }, maxZoom: 14, duration });
}
