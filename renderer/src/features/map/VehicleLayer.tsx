import { useEffect, useRef, useState } from 'react';
import { LngLatBounds } from 'maplibre-gl';
import type { FleetStore } from '../live/fleet-store.ts';
import { fromMercator, toMercator } from '../live/mercator.ts';
import { clusterFleet, clusterRadius, type Cluster } from './cluster-grid.ts';
import { ClusterMembers, type MemberList } from './ClusterMembers.tsx';
import { readMapColors } from './map-palette.ts';
import { useMapHandle } from './map-context.ts';
import { VehicleCanvas } from './vehicle-canvas.ts';
import { VehicleOverlay } from './vehicle-overlay.ts';

/** Below this zoom, vehicles whose markers would overlap merge into clusters. */
export const clusterMaxZoom = 12;
const hitRadiusPx = 14;
/** Vehicles this close to a click are drawn on top of each other: the click lists them. */
const stackedPx = 5;
/**
 * A cluster whose members only fit the view beyond this zoom stands in a yard: the click goes to
 * this zoom and lists the members instead (markers a few metres apart still cover each other).
 */
const crowdedZoom = 16;
const framePaddingPx = 80;
/** Live updates re-cluster the fleet at most this often. */
const reclusterEveryMs = 1000;

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
 * All vehicles: their own WebGL canvas over the map (vehicle-canvas.ts), cluster donuts and labels
 * on a 2D canvas overlay (with the area names other layers publish on the map's AreaLabelBoard),
 * click to select.
 * Renders nothing itself (traccar-web's layer-as-component): it lays its canvases over the map when
 * mounted and removes them on unmount. They are not part of the map's style, so replacing the style
 * (a theme switch) keeps them; the theme only recolours them.
 */
export function VehicleLayer({ store, selectedId, onSelect, theme, clustering = true, selectable = true }: Props) {
  const { map, areaLabels } = useMapHandle();
  const layerRef = useRef<VehicleCanvas | null>(null);
  const live = useRef({ onSelect, selected: -1, clusters: [] as Cluster[], memberOf: new Int32Array(0) as Int32Array, clustering, selectable });
  const [members, setMembers] = useState<MemberList | null>(null);
  useEffect(() => {
    live.current.onSelect = onSelect;
    live.current.clustering = clustering;
    live.current.selectable = selectable;
  });

  useEffect(() => {
    const colors = readMapColors(document.documentElement);
    const vehicles = new VehicleCanvas(map, store, colors.gl);
    const layer = vehicles.layer;
    layerRef.current = vehicles;
    layer.selected = live.current.selected;

    const overlay = new VehicleOverlay(map, store);
    const size = () => overlay.resize();
    let overlayColors = colors.overlay;
    const paint = () => {
      overlay.paint({ clusters: live.current.clusters, hidden: layer.hidden, selected: live.current.selected, areas: areaLabels.labels, colors: overlayColors });
    };

    // The clustering of a zoom level only changes with the fleet (cluster-grid.ts): a zoom that
    // stays within the level, or a pan, reuses it.
    let clusteredFor = '';
    let clusteredLayout = -1;
    let clusteredFilter = -1;
    /** `moved`: because vehicles moved (drawn at the live pace), not because the zoom, fleet or filter changed. */
    const recluster = (moved = false) => {
      const z = map.getZoom();
      const on = live.current.clustering && z < clusterMaxZoom && store.count >= 2;
      const key = on ? `${Math.floor(z)}:${store.version}` : 'off';
      clusteredLayout = store.layoutVersion;
      clusteredFilter = store.filterVersion;
      if (key === clusteredFor) return;
      clusteredFor = key;
      if (!on) {
        live.current.clusters = [];
        live.current.memberOf = new Int32Array(0);
        layer.hidden = new Uint8Array(0);
      } else {
        const result = clusterFleet(store, z, performance.now());
        live.current.clusters = result.clusters;
        live.current.memberOf = result.memberOf;
        layer.hidden = result.hidden;
      }
      if (moved) vehicles.refresh();
      else vehicles.invalidate();
    };
    // Live updates move vehicles between cells; re-cluster at most once a second, inside the
    // update that finds the second passed: its new clusters are then uploaded and drawn in that
    // update's frame. On a timer of its own each re-clustering cost one more upload and draw of
    // every vehicle (and a repaint of the overlay) a second. The timer only catches the last
    // change once updates stop.
    let reclusterTimer: ReturnType<typeof setTimeout> | null = null;
    let reclusteredAt = -Infinity;
    const reclusterNow = (moved = false) => {
      if (reclusterTimer) clearTimeout(reclusterTimer);
      reclusterTimer = null;
      reclusteredAt = performance.now();
      recluster(moved);
    };
    const unsubscribe = store.subscribe(() => {
      if (map.getZoom() >= clusterMaxZoom) return;
      const wait = reclusteredAt + reclusterEveryMs - performance.now();
      // A new fleet or a new map filter is shown at once; moved vehicles at the live pace.
      const moved = store.layoutVersion === clusteredLayout && store.filterVersion === clusteredFilter;
      if (!moved || wait <= 0) reclusterNow(moved);
      else reclusterTimer ??= setTimeout(() => reclusterNow(true), wait + reclusterEveryMs);
    });
    reclusterNow();

    const openList = (indices: number[], center: [number, number]) => setMembers({ ids: indices.map((i) => store.ids[i] ?? ''), center, layoutVersion: store.layoutVersion });
    const onClick = (event: { point: { x: number; y: number }; lngLat: { lng: number; lat: number } }) => {
      const { point } = event;
      if (!live.current.selectable) return;
      setMembers(null);
      const clusters = live.current.clusters;
      for (let c = 0; c < clusters.length; c++) {
        const cluster = clusters[c];
        if (!cluster) continue;
        const p = map.project(fromMercator(cluster.x, cluster.y));
        if (Math.hypot(p.x - point.x, p.y - point.y) > clusterRadius(cluster.count)) continue;
        // Frame the members; a yard full of vehicles is listed instead (they would still overlap).
        const bounds = new LngLatBounds(fromMercator(cluster.minX, cluster.maxY), fromMercator(cluster.maxX, cluster.minY));
        const fits = map.cameraForBounds(bounds, { padding: framePaddingPx });
        if (fits?.zoom !== undefined && fits.zoom <= crowdedZoom) {
          map.fitBounds(bounds, { padding: framePaddingPx, duration: 600 });
          return;
        }
        const center = fromMercator(cluster.x, cluster.y);
        map.easeTo({ center, zoom: crowdedZoom, duration: 600 });
        const indices: number[] = [];
        live.current.memberOf.forEach((of, i) => of === c && indices.push(i));
        openList(indices, center);
        return;
      }
      const hits = vehiclesNear(store, layer.hidden, event.lngLat, map.getZoom(), hitRadiusPx);
      const first = hits[0];
      const stacked = first ? hits.filter((h) => Math.hypot(h.x - first.x, h.y - first.y) <= stackedPx) : [];
      if (first && stacked.length > 1) {
        openList(
          stacked.map((h) => h.index),
          fromMercator(store.x[first.index] ?? 0, store.y[first.index] ?? 0),
        );
        return;
      }
      live.current.onSelect(first ? (store.ids[first.index] ?? null) : null);
    };
    const onTheme = () => {
      const next = readMapColors(document.documentElement);
      overlayColors = next.overlay;
      vehicles.setPalette(next.gl);
    };
    // Labels follow their vehicles on the glide frames drawn between map frames too.
    vehicles.onFrame = paint;
    map.on('click', onClick);
    const onZoomEnd = () => reclusterNow();
    map.on('zoomend', onZoomEnd);
    map.on('render', paint);
    map.on('resize', size);
    map.on('styledata', onTheme);
    return () => {
      unsubscribe();
      if (reclusterTimer) clearTimeout(reclusterTimer);
      map.off('click', onClick);
      map.off('zoomend', onZoomEnd);
      map.off('render', paint);
      map.off('resize', size);
      map.off('styledata', onTheme);
      overlay.dispose();
      vehicles.dispose();
      layerRef.current = null;
    };
  }, [map, store, areaLabels]);

  useEffect(() => {
    const index = selectedId ? store.indexOf(selectedId) : -1;
    live.current.selected = index;
    const vehicles = layerRef.current;
    if (!vehicles) return;
    vehicles.layer.selected = index;
    vehicles.invalidate();
  }, [selectedId, store]);

  useEffect(() => {
    layerRef.current?.setPalette(readMapColors(document.documentElement).gl);
  }, [theme]);

  useEffect(() => {
    // A list of another fleet (workspace switched, devices reloaded) must not stay open.
    if (!members) return;
    const close = () => {
      if (store.layoutVersion !== members.layoutVersion) setMembers(null);
    };
    return store.subscribe(close);
  }, [members, store]);

  if (!members) return null;
  return (
    <ClusterMembers
      map={map}
      store={store}
      list={members}
      onPick={(id) => {
        setMembers(null);
        live.current.onSelect(id);
      }}
      onClose={() => setMembers(null)}
    />
  );
}

/** A drawn vehicle near a clicked point: its slot, where it is (screen px) and how far from the click. */
interface VehicleHit {
  index: number;
  x: number;
  y: number;
  distancePx: number;
}

/** Drawn vehicles within `radiusPx` of a clicked point, nearest first (north-up approximation). */
export function vehiclesNear(store: FleetStore, hidden: Uint8Array, at: { lng: number; lat: number }, zoom: number, radiusPx: number): VehicleHit[] {
  const [cx, cy] = toMercator(at.lng, at.lat);
  const worldPx = 512 * 2 ** zoom;
  const now = performance.now();
  const hits: VehicleHit[] = [];
  for (let i = 0; i < store.count; i++) {
    if (!store.located[i] || hidden[i] || !store.onMap[i]) continue;
    const [x, y] = store.positionAt(i, now);
    const dx = (x - cx) * worldPx;
    const dy = (y - cy) * worldPx;
    const d = Math.hypot(dx, dy);
    if (d <= radiusPx) hits.push({ index: i, x: dx, y: dy, distancePx: d });
  }
  return hits.sort((a, b) => a.distancePx - b.distancePx || a.index - b.index);
}
