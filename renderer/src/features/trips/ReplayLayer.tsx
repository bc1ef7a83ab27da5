import { LngLatBounds, type GeoJSONSource, type Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import { useMapHandle } from '../map/map-context.ts';
import { playedPath, positionAt, type TrackColumns } from './track-math.ts';
import { useReplayStore } from './replay-store.ts';

const sources = ['replay-route', 'replay-played', 'replay-stops', 'replay-head'] as const;
const layers = ['replay-route', 'replay-played', 'replay-stops', 'replay-head-halo', 'replay-head'] as const;
const arrowImage = 'replay-arrow';
const empty = { type: 'FeatureCollection' as const, features: [] };

/**
 * The replayed trip on the map: the whole route faint, the part already driven in the accent
 * colour, stops as amber dots and the vehicle as an arrow turned to its heading. Renders nothing;
 * follows the replay store outside React, so playing never re-renders the map tree.
 */
export function ReplayLayer({ color }: { color: string }) {
  const { map, styleGeneration } = useMapHandle();
  // Survives style reloads (no refit then), but starts unset: the layer is mounted lazily, after
  // the trip was loaded, and that first trip must be fitted too.
  const lastFit = useRef(-1);

  useEffect(() => {
    // Mounted only while replaying, so the live trail may already be there: slide in under it
    // (the vehicles are drawn on their own canvas over the map, above every map layer).
    const below = map.getLayer('trail') ? 'trail' : undefined;
    if (!map.hasImage(arrowImage)) map.addImage(arrowImage, drawArrow(color), { pixelRatio: 2 });
    for (const id of sources) map.addSource(id, { type: 'geojson', data: empty });
    map.addLayer({ id: 'replay-route', type: 'line', source: 'replay-route', layout: { 'line-join': 'round', 'line-cap': 'round' }, paint: { 'line-color': '#8a98ab', 'line-width': 3, 'line-opacity': 0.55, 'line-dasharray': [2, 1.5] } }, below);
    map.addLayer({ id: 'replay-played', type: 'line', source: 'replay-played', layout: { 'line-join': 'round', 'line-cap': 'round' }, paint: { 'line-color': color, 'line-width': 4.5 } }, below);
    map.addLayer({ id: 'replay-stops', type: 'circle', source: 'replay-stops', paint: { 'circle-radius': 7, 'circle-color': '#f2a900', 'circle-stroke-color': '#1b1f24', 'circle-stroke-width': 2 } }, below);
    map.addLayer({ id: 'replay-head-halo', type: 'circle', source: 'replay-head', paint: { 'circle-radius': 15, 'circle-color': '#ffffff', 'circle-opacity': 0.9, 'circle-stroke-color': color, 'circle-stroke-width': 2 } }, below);
    map.addLayer({
      id: 'replay-head',
      type: 'symbol',
      source: 'replay-head',
      layout: { 'icon-image': arrowImage, 'icon-rotate': ['get', 'course'], 'icon-rotation-alignment': 'map', 'icon-allow-overlap': true, 'icon-ignore-placement': true },
    }, below);

    let shownTrack: TrackColumns | null = null;
    const render = () => {
      const s = useReplayStore.getState();
      const track = s.track;
      if (!track) {
        if (shownTrack) for (const id of sources) map.getSource<GeoJSONSource>(id)?.setData(empty);
        shownTrack = null;
        return;
      }
      if (track !== shownTrack) {
        shownTrack = track;
        const route = track.lon.map((lon, i): [number, number] => [lon, track.lat[i] ?? 0]);
        map.getSource<GeoJSONSource>('replay-route')?.setData({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: route } });
        map.getSource<GeoJSONSource>('replay-stops')?.setData({
          type: 'FeatureCollection',
          features: s.stops.map((stop) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [stop.lon, stop.lat] } })),
        });
      }
      const head = positionAt(track, s.time);
      if (!head) return;
      map.getSource<GeoJSONSource>('replay-played')?.setData({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: playedPath(track, s.time) } });
      map.getSource<GeoJSONSource>('replay-head')?.setData({ type: 'Feature', properties: { course: head.course }, geometry: { type: 'Point', coordinates: [head.lon, head.lat] } });
      if (s.fitRequest !== lastFit.current) {
        lastFit.current = s.fitRequest;
        fitTrack(map, track);
      } else if (s.follow) map.jumpTo({ center: [head.lon, head.lat] });
    };
    render();
    const unsubscribe = useReplayStore.subscribe(render);
    // The live vehicle layer is added after this one (it must stay above geofences and trails), but
    // the replayed vehicle and its stops must not hide under a live marker: lift them to the top
    // once the sibling layers of this render are in.
    const raise = setTimeout(() => {
      for (const id of ['replay-stops', 'replay-head-halo', 'replay-head']) if (map.getLayer(id)) map.moveLayer(id);
    }, 0);
    return () => {
      clearTimeout(raise);
      unsubscribe();
      for (const id of [...layers].reverse()) if (map.getLayer(id)) map.removeLayer(id);
      for (const id of sources) if (map.getSource(id)) map.removeSource(id);
      if (map.hasImage(arrowImage)) map.removeImage(arrowImage);
    };
  }, [map, styleGeneration, color]);

  return null;
}

function fitTrack(map: MapLibreMap, track: TrackColumns) {
  if (track.lat.length === 0) return;
  const bounds = new LngLatBounds();
  for (let i = 0; i < track.lat.length; i++) bounds.extend([track.lon[i] ?? 0, track.lat[i] ?? 0]);
  map.fitBounds(bounds, { padding: 70, maxZoom: 16, duration: 400 });
}

/** A navigation arrow pointing north, drawn once at 2× for sharp edges; MapLibre rotates it. */
function drawArrow(color: string): ImageData {
  const size = 40;
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  if (!ctx) return new ImageData(size, size);
  ctx.fillStyle = color;
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 3;
  ctx.lineJoin = 'round';
  ctx.beginPath();
  ctx.moveTo(20, 5);
  ctx.lineTo(33, 34);
  ctx.lineTo(20, 27);
  ctx.lineTo(7, 34);
  ctx.closePath();
  ctx.stroke();
  ctx.fill();
  return ctx.getImageData(0, 0, size, size);
}
