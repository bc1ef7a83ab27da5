import { useEffect, useRef } from 'react';
import type { FleetStore } from '../live/fleet-store.ts';
import { fromMercator, toMercator } from '../live/mercator.ts';
import { clusterFleet, type Cluster } from './cluster-grid.ts';
import { readMapColors } from './map-palette.ts';
import { useMapHandle } from './map-context.ts';
import { clusterRadius } from './overlay-painter.ts';
import { VehicleGlLayer } from './vehicle-gl-layer.ts';
import { VehicleOverlay } from './vehicle-overlay.ts';

/** Below this zoom, vehicles sharing a grid cell merge into clusters. */
export const clusterMaxZoom = 12;
const clusterCellPx = 56;
const hitRadiusPx = 14;

interface Props {
  store: FleetStore;
  selectedId: string | null;
  onSelect(deviceId: string | null): void;
  /** The theme name: recolours the layer when it changes. */
  theme: string;
  /** Test/bench hook: disables clustering (frame-time comparisons against the baseline). */
  clustering?: boolean;
  /** False while map clicks mean something else (drawing a geofence). */
  selectable?: boolean;
}

/**
 * All vehicles: the WebGL layer, cluster donuts and labels on a canvas overlay (with the area names
 * other layers publish on the map's AreaLabelBoard), click to select.
 * Renders nothing itself (traccar-web's layer-as-component): it adds its layer when mounted or
 * when the style is replaced, and removes it on unmount.
 */
export function VehicleLayer({ store, selectedId, onSelect, theme, clustering = true, selectable = true }: Props) {
  const { map, styleGeneration, areaLabels } = useMapHandle();
  const layerRef = useRef<VehicleGlLayer | null>(null);
  const live = useRef({ onSelect, selected: -1, clusters: [] as Cluster[], clustering, selectable });
  useEffect(() => {
    live.current.onSelect = onSelect;
    live.current.clustering = clustering;
    live.current.selectable = selectable;
  });

  useEffect(() => {
    const colors = readMapColors(document.documentElement);
    const layer = new VehicleGlLayer('vehicles', store, colors.gl);
    layerRef.current = layer;
    layer.selected = live.current.selected;
    map.addLayer(layer);

    const overlay = new VehicleOverlay(map, store);
    const size = () => overlay.resize();
    let overlayColors = colors.overlay;
    const paint = () => {
      overlay.paint({ clusters: live.current.clusters, hidden: layer.hidden, selected: live.current.selected, areas: areaLabels.labels, colors: overlayColors });
    };

    const recluster = () => {
      const z = map.getZoom();
      if (!live.current.clustering || z >= clusterMaxZoom || store.count < 2) {
        live.current.clusters = [];
        layer.hidden = new Uint8Array(0);
      } else {
        const result = clusterFleet(store, z, clusterCellPx, performance.now());
        live.current.clusters = result.clusters;
        layer.hidden = result.hidden;
      }
      layer.invalidate();
    };
    // Live updates move vehicles between cells; re-cluster at most once a second.
    let reclusterTimer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = store.subscribe(() => {
      if (reclusterTimer || map.getZoom() >= clusterMaxZoom) return;
      reclusterTimer = setTimeout(() => {
        reclusterTimer = null;
        recluster();
      }, 1000);
    });
    recluster();

    const onClick = (event: { point: { x: number; y: number }; lngLat: { lng: number; lat: number } }) => {
      const { point } = event;
      if (!live.current.selectable) return;
      for (const cluster of live.current.clusters) {
        const p = map.project(fromMercator(cluster.x, cluster.y));
        if (Math.hypot(p.x - point.x, p.y - point.y) <= clusterRadius(cluster.count)) {
          map.easeTo({ center: fromMercator(cluster.x, cluster.y), zoom: Math.min(clusterMaxZoom, map.getZoom() + 2) });
          return;
        }
      }
      const hit = nearestVehicle(store, layer.hidden, event.lngLat, map.getZoom(), hitRadiusPx);
      live.current.onSelect(hit >= 0 ? (store.ids[hit] ?? null) : null);
    };
    const onTheme = () => {
      const next = readMapColors(document.documentElement);
      overlayColors = next.overlay;
      layer.setPalette(next.gl);
    };
    map.on('click', onClick);
    map.on('zoomend', recluster);
    map.on('render', paint);
    map.on('resize', size);
    map.on('styledata', onTheme);
    return () => {
      unsubscribe();
      if (reclusterTimer) clearTimeout(reclusterTimer);
      map.off('click', onClick);
      map.off('zoomend', recluster);
      map.off('render', paint);
      map.off('resize', size);
      map.off('styledata', onTheme);
      overlay.dispose();
      if (map.getLayer(layer.id)) map.removeLayer(layer.id);
      layerRef.current = null;
    };
  }, [map, styleGeneration, store, areaLabels]);

  useEffect(() => {
    const index = selectedId ? store.indexOf(selectedId) : -1;
    live.current.selected = index;
    const layer = layerRef.current;
    if (!layer) return;
    layer.selected = index;
    layer.invalidate();
  }, [selectedId, store, styleGeneration]);

  useEffect(() => {
    const layer = layerRef.current;
    if (layer) layer.setPalette(readMapColors(document.documentElement).gl);
  }, [theme]);

  return null;
}

/** Nearest drawn vehicle within `radiusPx` of a clicked point, or -1 (north-up approximation). */
export function nearestVehicle(store: FleetStore, hidden: Uint8Array, at: { lng: number; lat: number }, zoom: number, radiusPx: number): number {
  const [cx, cy] = toMercator(at.lng, at.lat);
  const worldPx = 512 * 2 ** zoom;
  const now = performance.now();
  let best = -1;
  let bestDistance = radiusPx;
  for (let i = 0; i < store.count; i++) {
    if (!store.located[i] || hidden[i]) continue;
    const [x, y] = store.positionAt(i, now);
    const d = Math.hypot((x - cx) * worldPx, (y - cy) * worldPx);
    if (d <= bestDistance) {
      bestDistance = d;
      best = i;
    }
  }
  return best;
}
