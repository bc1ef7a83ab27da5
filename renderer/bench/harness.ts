/**
 * Benchmark harness (built and driven by bench/ui.ts, never part of the app bundle): the console's
 * real map code — FleetStore, VehicleCanvas, overlay painter, list filtering — next to the naive
 * baseline that re-sends the whole fleet as GeoJSON on every update.
 */
import '../src/ui/theme.css';
import { Map as MapLibreMap, prewarm, setWorkerUrl, type GeoJSONSource } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { Device, DeviceStatus } from '../../contract/api/devices.ts';
import { filterFleet, nameRanks, searchIndex, sortFleet } from '../src/features/devices/device-view.ts';
import { FleetStore, type LivePositionColumns } from '../src/features/live/fleet-store.ts';
import { toMercator } from '../src/features/live/mercator.ts';
import type { AreaLabel } from '../src/features/map/area-labels.ts';
import { registerBasemapProtocols } from '../src/features/map/basemap-protocols.ts';
import { MapAttribution } from '../src/features/map/map-attribution.ts';
import { basemapLabelLayerIds, offlineStyle } from '../src/features/map/basemap-style.ts';
import { clusterFleet, type Cluster } from '../src/features/map/cluster-grid.ts';
import { readMapColors } from '../src/features/map/map-palette.ts';
import { VehicleCanvas } from '../src/features/map/vehicle-canvas.ts';
import { VehicleOverlay } from '../src/features/map/vehicle-overlay.ts';
import '../src/features/map/map.css';

const statuses: DeviceStatus[] = ['moving', 'idle', 'stopped', 'offline', 'unknown'];
const center = { lon: 11.97, lat: 57.705 };

/**
 * `n` vehicles over the demo area. `hubs`: most of them gathered around a dozen depots and yards
 * (Gaussian spread of ~1 km) with the rest scattered, as a real fleet stands at the start of a
 * shift; otherwise uniformly scattered (the worst case for panning and clustering).
 */
function fleet(n: number, seed = 1, hubs = false): Device[] {
  let s = seed;
  const random = () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const hubAt = Array.from({ length: 12 }, () => [(random() - 0.5) * 0.22, (random() - 0.5) * 0.1] as const);
  const place = (i: number): [number, number] => {
    if (!hubs || i % 5 === 0) return [center.lat + (random() - 0.5) * 0.12, center.lon + (random() - 0.5) * 0.25];
    const [dlon, dlat] = hubAt[(i * 7) % hubAt.length] ?? [0, 0];
    const spread = 0.002 + 0.008 * ((i % 3) / 2);
    return [center.lat + dlat + gauss() * spread * 0.55, center.lon + dlon + gauss() * spread];
  };
  return Array.from({ length: n }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    uniqueId: String(350000000000000 + i),
    name: `${['Truck', 'Van', 'Taxi', 'Sweeper'][i % 4]} ${i}`,
    plate: `ABC ${String(i % 1000).padStart(3, '0')}`,
    vehicleType: 'truck',
    groupId: `g${i % 20}`,
    groupName: `Group ${i % 20}`,
    status: statuses[i % 5] ?? 'moving',
    lastSeenAt: new Date().toISOString(),
    position: (([latitude, longitude]) => ({ fixTime: new Date().toISOString(), latitude, longitude, speedKmh: random() * 90, course: random() * 360 }))(place(i)),
  }));
}

/** One second of fixes for every vehicle: each moves ~10–25 m along its heading. */
function second(devices: Device[], t: number): LivePositionColumns {
  const n = devices.length;
  const out = { deviceIds: devices.map((d) => d.id), longitudes: new Float64Array(n), latitudes: new Float64Array(n), speedsKmh: new Float64Array(n), courses: new Float64Array(n), fixTimes: new Float64Array(n), statuses: devices.map((d) => d.status) };
  devices.forEach((d, i) => {
    const p = d.position;
    if (!p) return;
    const course = (p.course + t * 3) % 360;
    p.latitude += Math.cos((course * Math.PI) / 180) * 0.00015;
    p.longitude += Math.sin((course * Math.PI) / 180) * 0.00025;
    out.longitudes[i] = p.longitude;
    out.latitudes[i] = p.latitude;
    out.speedsKmh[i] = 40;
    out.courses[i] = course;
    out.fixTimes[i] = Date.now() + t;
  });
  return out;
}

/** A 16 × 10 grid of named zones over the fleet's area (geofence names in the app). */
function areas(): AreaLabel[] {
  const kinds = ['Depot', 'Customer yard', 'Restricted zone', 'Loading bay'];
  return Array.from({ length: 160 }, (_, k) => {
    const [x, y] = toMercator(center.lon - 0.125 + ((k % 16) + 0.5) * (0.25 / 16), center.lat - 0.06 + (Math.floor(k / 16) + 0.5) * (0.12 / 10));
    return { name: `${kinds[k % 4]} ${k + 1}`, x, y, highlighted: k === 0 };
  });
}

/** Label work per overlay frame, summed while panning (read by bench/ui.ts). */
const labelStats = { frames: 0, candidates: 0, placed: 0, collectMs: 0, placeMs: 0, maxPlaceMs: 0 };

function geojson(devices: Device[]) {
  return {
    type: 'FeatureCollection' as const,
    features: devices.map((d) => ({ type: 'Feature' as const, properties: { id: d.id, status: d.status, course: d.position?.course ?? 0 }, geometry: { type: 'Point' as const, coordinates: [d.position?.longitude ?? 0, d.position?.latitude ?? 0] } })),
  };
}

// As the console's MapView does (decision 0365): the worker starts while the page loads, not at
// the map's first idle moment, so the bench times what the console does (decision 0420).
setWorkerUrl(new URL(workerUrl, document.baseURI).href);
prewarm();
const query = new URLSearchParams(location.search);
// cluster=1: clustering on, as VehicleLayer runs it (BENCH_ONLY=cluster and the cluster shots).
const withClusters = query.get('cluster') === '1';
const theme = query.get('theme') === 'light' ? 'light' : 'dark';
document.documentElement.setAttribute('data-theme', theme);
const mode = new URLSearchParams(location.search).get('mode') === 'baseline' ? 'baseline' : 'layer';
const count = Number(new URLSearchParams(location.search).getAll('n').at(-1) ?? 10000); // the last n= wins
const zoom = Number(new URLSearchParams(location.search).get('zoom') ?? 12);
// Screenshots (BENCH_ONLY=shots): a selected vehicle and some open alerts, so every ring shows.
const selectedIndex = Number(new URLSearchParams(location.search).get('select') ?? -1);
const withAlerts = new URLSearchParams(location.search).get('alerts') === '1';
// areas=1: named zones over the fleet, as geofence names reach the overlay in the app.
const withAreas = new URLSearchParams(location.search).get('areas') === '1';
// basemap=0 isolates the vehicles: with software GL the basemap's own cost would hide the difference.
const withBasemap = new URLSearchParams(location.search).get('basemap') !== '0';
// labels=0: the same basemap with its street and place names hidden (label cost while panning).
const withLabels = new URLSearchParams(location.search).get('labels') !== '0';
registerBasemapProtocols();
const offline = offlineStyle(theme);
if (!withLabels) offline.layers = offline.layers.map((l) => (basemapLabelLayerIds.includes(l.id) ? { ...l, layout: { ...l.layout, visibility: 'none' } } : l) as typeof l);
const style = withBasemap ? offline : { version: 8 as const, sources: {}, layers: [{ id: 'bg', type: 'background' as const, paint: { 'background-color': theme === 'dark' ? '#161d26' : '#eef1f4' } }] };
const devices = fleet(count, 1, query.get('spread') === 'hubs');
const store = new FleetStore();
const focus = devices[selectedIndex]?.position;
// center=lon,lat: another view (the basemap screenshots look at Scandinavia zoomed out).
const view = new URLSearchParams(location.search).get('center')?.split(',').map(Number);
const mapCenter: [number, number] = view?.length === 2 ? [view[0] ?? center.lon, view[1] ?? center.lat] : focus ? [focus.longitude, focus.latitude] : [center.lon, center.lat];
const map = new MapLibreMap({ container: 'map', style, center: mapCenter, zoom, canvasContextAttributes: { preserveDrawingBuffer: true, antialias: false }, fadeDuration: 0, attributionControl: false });
// The console's attribution control (MapView.tsx, decision 0445), so the bench times what it does.
if (withBasemap) map.addControl(new MapAttribution(), 'bottom-right');
let layer: VehicleCanvas | null = null;
/** Resolved by the vehicles' next glide frame (applySecond waits for it). */
let onVehiclesDrawn: (() => void) | null = null;
let tick = 0;
/** The overlay's frame; clusters and hidden flags are replaced by each clustering pass. */
let frame: { clusters: Cluster[]; hidden: Uint8Array; selected: number; areas: AreaLabel[]; colors: ReturnType<typeof readMapColors>['overlay'] } | null = null;
/** Main-thread ms of each clustering pass after a second of updates (BENCH_ONLY=cluster). */
let clusterMs: number[] = [];

/** One clustering pass as VehicleLayer runs it (at most once a second, and on zoom changes). */
function recluster(): number {
  if (!withClusters || !layer || !frame) return 0;
  const t0 = performance.now();
  const result = clusterFleet(store, map.getZoom(), performance.now());
  const spent = performance.now() - t0;
  frame.clusters = result.clusters;
  frame.hidden = result.hidden;
  layer.layer.hidden = result.hidden;
  layer.invalidate();
  return spent;
}

// 'style.load', as the app's MapView does: the vehicle layer goes in as soon as the style is parsed,
// without waiting for the basemap's GeoJSON to be tiled ('load' would wait for that).
map.once('idle', () => performance.mark('fleet:basemap-complete'));
map.on('style.load', () => {
  if (mode === 'layer') {
    store.setDevices(devices);
    if (withAlerts) store.setAlerting(devices.filter((_, i) => i % 9 === 4).map((d) => d.id));
    const colors = readMapColors(document.documentElement);
    layer = new VehicleCanvas(map, store, colors.gl);
    layer.layer.selected = selectedIndex;
    // As VehicleLayer.tsx wires it (clustering off, as in the frame-time comparison).
    const overlay = new VehicleOverlay(map, store);
    const painted: NonNullable<typeof frame> = { clusters: [], hidden: new Uint8Array(0), selected: selectedIndex, areas: withAreas ? areas() : [], colors: colors.overlay };
    frame = painted;
    recluster();
    map.on('zoomend', recluster);
    const paintLabels = () => {
      overlay.paint(painted);
      const t = overlay.lastLabels;
      labelStats.frames++;
      labelStats.candidates += t.candidates;
      labelStats.placed += t.placed;
      labelStats.collectMs += t.collectMs;
      labelStats.placeMs += t.placeMs;
      labelStats.maxPlaceMs = Math.max(labelStats.maxPlaceMs, t.placeMs);
    };
    map.on('render', paintLabels);
    layer.onFrame = () => {
      paintLabels();
      onVehiclesDrawn?.();
      onVehiclesDrawn = null;
    };
    map.on('resize', () => overlay.resize());
  } else {
    map.addSource('vehicles', { type: 'geojson', data: geojson(devices) });
    map.addLayer({ id: 'vehicles', type: 'circle', source: 'vehicles', paint: { 'circle-radius': 7, 'circle-color': ['match', ['get', 'status'], 'moving', '#3fb950', 'idle', '#d29922', 'stopped', '#58a6ff', 'offline', '#f0776f', '#8b949e'], 'circle-stroke-width': 1.5, 'circle-stroke-color': '#0f1419' } });
    map.once('idle', () => performance.mark('fleet:vehicles-painted'));
  }
});

const idle = () => new Promise<void>((resolve) => map.once('idle', () => resolve()));

const api = {
  /** True once the style and every tile of every source (glyphs included) are loaded. */
  basemapComplete: () => map.isStyleLoaded() && map.areTilesLoaded(),
  ready: () => performance.getEntriesByName('fleet:vehicles-painted').length > 0,
  /** Applies one second of updates; returns synchronous main-thread ms and ms until drawn. */
  async applySecond(): Promise<{ syncMs: number; drawnMs: number }> {
    const batch = second(devices, ++tick);
    const t0 = performance.now();
    if (mode === 'layer' && layer) {
      const drawn = new Promise<void>((resolve) => (onVehiclesDrawn = resolve));
      store.applyPositions(batch);
      const syncMs = performance.now() - t0;
      if (withClusters) clusterMs.push(recluster());
      await drawn;
      return { syncMs: syncMs + layer.layer.lastUploadMs, drawnMs: performance.now() - t0 };
    }
    map.getSource<GeoJSONSource>('vehicles')?.setData(geojson(devices));
    const syncMs = performance.now() - t0;
    await idle();
    return { syncMs, drawnMs: performance.now() - t0 };
  },
  /** Pans for `ms` while updates arrive once a second; returns every frame interval. */
  async pan(ms: number): Promise<number[]> {
    const frames: number[] = [];
    let last = performance.now();
    const end = last + ms;
    let nextUpdate = last + 1000;
    while (performance.now() < end) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const now = performance.now();
      frames.push(now - last);
      last = now;
      map.panBy([3, 1], { duration: 0 });
      if (now >= nextUpdate) {
        nextUpdate += 1000;
        const batch = second(devices, ++tick);
        if (mode === 'layer') store.applyPositions(batch);
        else map.getSource<GeoJSONSource>('vehicles')?.setData(geojson(devices));
      }
    }
    return frames;
  },
  /**
   * Filtering + sorting the list over `n` devices, as DeviceList does it: the indexes are built
   * when the devices load (timed apart as `indexMs`), then each keystroke is timed; runs[0] is
   * the cold first keystroke.
   */
  filterList(n: number): { indexMs: number; runs: number[] } {
    const big = fleet(n, 7);
    const bigStore = new FleetStore();
    bigStore.setDevices(big);
    const t = performance.now();
    const haystacks = searchIndex(big);
    const ranks = nameRanks(big);
    const indexMs = performance.now() - t;
    const runs: number[] = [];
    for (const query of ['truck', 'truck 12', 'abc 123', 'van 4', '3500000000', 'sweeper 9', 'taxi', 'x']) {
      const t0 = performance.now();
      const rows = filterFleet(big, haystacks, bigStore, { query, status: query === 'taxi' ? 'moving' : null, group: null });
      sortFleet(rows, big, ranks, bigStore, { key: 'name', descending: false });
      runs.push(performance.now() - t0);
    }
    return { indexMs, runs };
  },
  /** Label collection and collision placement per overlay frame since the last call (layer mode). */
  takeLabelStats() {
    const out = { ...labelStats };
    Object.assign(labelStats, { frames: 0, candidates: 0, placed: 0, collectMs: 0, placeMs: 0, maxPlaceMs: 0 });
    return out;
  },
  /** Clustering passes since the last call (ms each). */
  takeClusterStats(): { passes: number[]; clusters: number; hidden: number } {
    const out = { passes: clusterMs, clusters: frame?.clusters.length ?? 0, hidden: frame?.hidden.reduce((a, b) => a + b, 0) ?? 0 };
    clusterMs = [];
    return out;
  },
  /** Keeps live updates flowing once a second (memory run). */
  live(seconds: number): Promise<void> {
    return new Promise((resolve) => {
      let left = seconds;
      const timer = setInterval(() => {
        const batch = second(devices, ++tick);
        if (mode === 'layer') store.applyPositions(batch);
        else map.getSource<GeoJSONSource>('vehicles')?.setData(geojson(devices));
        if (--left <= 0) {
          clearInterval(timer);
          resolve();
        }
      }, 1000);
    });
  },
};
Reflect.set(window, 'bench', api);
