import { Map as MapLibreMap, NavigationControl, prewarm, ScaleControl, setWorkerUrl, type StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useMapGateway } from '../../bridge/bridge-context.ts';
import { AreaLabelBoard } from './area-labels.ts';
import { registerBasemapProtocols } from './basemap-protocols.ts';
import { MapAttribution } from './map-attribution.ts';
import { MapContext, type MapHandle } from './map-context.ts';
import './map.css';

interface Props {
  style: StyleSpecification | string;
  /** Shown in the attribution control next to the style's own sources (which credit their data). */
  attribution?: string;
  distanceUnit: 'km' | 'mi';
  initialView?: { center: [number, number]; zoom: number };
  /**
   * Layers that need the camera but not the style (the vehicles' own canvas, the camera
   * controller): they mount as soon as the map exists, so vehicles from the cache are drawn, and
   * the first framing is set, before the style has loaded (decision 0445).
   */
  cameraLayers?: ReactNode;
  /** Layers that add sources and layers to the style: they mount once the style has loaded. */
  children?: ReactNode;
  /** Errors while loading the style, its tiles or glyphs (the online map falls back on these). */
  onMapError?(message: string): void;
  /** For the benchmark: the map instance once its first style has loaded. */
  onReady?(map: MapLibreMap): void;
}

// maplibre-gl 6 loads its worker from a URL; in a built app that URL must be our bundled file.
// The worker starts as soon as this chunk runs, so it downloads and compiles its 0.5 MB in its own
// thread while the workspace renders, instead of after the map is created (decision 0365).
setWorkerUrl(new URL(workerUrl, document.baseURI).href);
prewarm();

const gothenburg: { center: [number, number]; zoom: number } = { center: [11.97, 57.705], zoom: 11 };

/**
 * Owns the MapLibre instance and hands it to layer components through context once the first
 * style has loaded. Replacing the style (theme, tenant style) drops every source and layer, so the
 * context's `styleGeneration` bumps and layers add themselves again.
 */
export function MapView({ style, attribution, distanceUnit, initialView = gothenburg, cameraLayers, children, onMapError, onReady }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const [handle, setHandle] = useState<MapHandle | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const firstStyle = useRef(style);
  const firstView = useRef(initialView);
  const ready = useRef(onReady);
  const mapError = useRef(onMapError);
  useEffect(() => {
    mapError.current = onMapError;
  }, [onMapError]);
  const scale = useRef<ScaleControl | null>(null);
  // The host's, fixed for the page: every http(s) request of the map goes through its gateway.
  const { transformRequest } = useMapGateway();
  const transform = useRef(transformRequest);

  useEffect(() => {
    if (!container.current) return;
    // The shipped basemap's tiles and glyphs, and tenants' PMTiles archives, load through these.
    registerBasemapProtocols();
    let map: MapLibreMap;
    // The start-up benchmark's timeline (bench/ui-first-paint.ts) places the map's creation by this.
    performance.mark('fleet:map-created');
    try {
      map = new MapLibreMap({
        container: container.current,
        style: firstStyle.current,
        center: firstView.current.center,
        zoom: firstView.current.zoom,
        // Our own attribution control: MapLibre's forces a layout inside the first frame (0445).
        attributionControl: false,
        canvasContextAttributes: { preserveDrawingBuffer: true, antialias: false },
        fadeDuration: 0,
        transformRequest: transform.current,
        dragRotate: false,
        pitchWithRotate: false,
        maxPitch: 0,
      });
    } catch (error) {
      // A constructor failure (no WebGL on this machine) is only known here.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setFailed(error instanceof Error ? error.message : String(error));
      return;
    }
    // E2E specs reach the map through its element (to ask what it rendered); the app never does.
    Reflect.set(container.current, 'maplibreMap', map);
    map.addControl(new MapAttribution(attribution ? [attribution] : []), 'bottom-right');
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    scale.current = new ScaleControl({ unit: 'metric' });
    map.addControl(scale.current, 'bottom-left');
    map.touchZoomRotate.disableRotation();
    let generation = 0;
    const areaLabels = new AreaLabelBoard(() => map.triggerRepaint());
    // Generation 0: the map and its camera exist, its style has not loaded yet. Camera layers
    // mount now; the style's own layers wait for generation 1 (decision 0445).
    setHandle({ map, styleGeneration: generation, areaLabels });
    map.on('style.load', () => {
      generation++;
      setHandle({ map, styleGeneration: generation, areaLabels });
      if (generation === 1) ready.current?.(map);
    });
    // The start-up benchmark waits for this too: the first frame after which nothing of the basemap
    // is still loading or fading in (every tile and glyph drawn, labels placed).
    map.once('idle', () => performance.mark('fleet:basemap-complete'));
    map.on('error', (event) => {
      const message = event.error?.message ?? 'map error';
      console.warn('Map:', message);
      mapError.current?.(message);
    });
    // For tests that wait for the map rather than for a number of milliseconds: whether the camera
    // is moving, and how many camera moves have ended (MapLibre's `idle` also waits for every
    // basemap tile, which on a busy machine can take longer than any test should).
    const element = container.current;
    let moves = 0;
    element.dataset.camera = 'still';
    element.dataset.moves = '0';
    map.on('movestart', () => (element.dataset.camera = 'moving'));
    map.on('moveend', () => {
      element.dataset.camera = 'still';
      element.dataset.moves = String(++moves);
    });
    return () => {
      setHandle(null);
      // React runs an unmounting tree's effect cleanups parent first, so removing the map here
      // would pull it out from under the layer components' cleanups (they remove their sources
      // and images). Remove it once the whole commit has run.
      queueMicrotask(() => map.remove());
    };
    // The attribution is fixed for a map's life; changing it re-creates nothing on purpose.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (!handle || firstStyle.current === style) return;
    firstStyle.current = style;
    handle.map.setStyle(style, { diff: false });
  }, [handle, style]);

  useEffect(() => {
    scale.current?.setUnit(distanceUnit === 'mi' ? 'imperial' : 'metric');
  }, [distanceUnit, handle]);

  return (
    <div className="map-view">
      <div ref={container} className="map-view__canvas" role="region" aria-label="Live map" data-testid="live-map" />
      {failed && (
        <div className="map-view__failed" role="alert">
          <strong>The map could not start.</strong> {failed} The vehicle list and alerts still work.
        </div>
      )}
      {handle && (
        <MapContext value={handle}>
          {cameraLayers}
          {handle.styleGeneration > 0 && children}
        </MapContext>
      )}
    </div>
  );
}
