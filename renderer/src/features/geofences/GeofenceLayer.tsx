import type { Feature, FeatureCollection } from 'geojson';
import type { ExpressionSpecification, GeoJSONSource, MapMouseEvent } from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import type { Geofence, LatLon } from '../../../../contract/api/geofences.ts';
import { toMercator } from '../live/mercator.ts';
import type { AreaLabel } from '../map/area-labels.ts';
import { useMapHandle } from '../map/map-context.ts';
import { shapeBounds } from '../../../../contract/geo/shape.ts';
import { destination, distanceM } from '../../../../contract/geo/sphere.ts';
import { edgeHit, edgeMidpoints, labelPoint, shapeRing } from './geofence-geometry.ts';
import { draftShape, useGeofenceDraft, type DraftShape } from './geofence-draft-store.ts';

const sourceIds = ['geofences', 'geofence-draft', 'geofence-handles'] as const;
const layerIds = ['geofences-fill', 'geofences-line', 'geofence-draft-fill', 'geofence-draft-line', 'geofence-handles'] as const;
/** How close to a polygon edge a click must land to put a corner into it (the line is 2.5 px wide). */
const edgeTolerancePx = 7;
type Handle = { kind: 'vertex' | 'mid'; i: number } | { kind: 'center' | 'edge'; i: 0 };

/**
 * Saved geofences (outlined, the highlighted one stronger) and the shape being drawn with its
 * handles. While drawing: a click adds a polygon corner (into the edge it lands on, or after the
 * last corner) or places a circle's centre; corners,
 * edge midpoints (insert a corner), a circle's centre and its edge handle are dragged. Names of
 * saved geofences go to the map's label overlay (AreaLabelBoard). Renders nothing.
 */
export function GeofenceLayer({ geofences, color }: { geofences: readonly Geofence[]; color: string }) {
  const { map, styleGeneration, areaLabels } = useMapHandle();
  const saved = useRef(geofences);
  const redraw = useRef<(() => void) | null>(null);

  useEffect(() => {
    const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };
    for (const id of sourceIds) map.addSource(id, { type: 'geojson', data: empty });
    const strong: ExpressionSpecification = ['boolean', ['get', 'highlighted'], false];
    map.addLayer({ id: 'geofences-fill', type: 'fill', source: 'geofences', paint: { 'fill-color': color, 'fill-opacity': ['case', strong, 0.24, 0.1] } });
    map.addLayer({ id: 'geofences-line', type: 'line', source: 'geofences', paint: { 'line-color': color, 'line-width': ['case', strong, 3, 1.6], 'line-opacity': 0.9 } });
    map.addLayer({ id: 'geofence-draft-fill', type: 'fill', source: 'geofence-draft', paint: { 'fill-color': '#f2a900', 'fill-opacity': 0.18 } });
    map.addLayer({ id: 'geofence-draft-line', type: 'line', source: 'geofence-draft', paint: { 'line-color': '#f2a900', 'line-width': 2.5, 'line-dasharray': [2, 1] } });
    map.addLayer({
      id: 'geofence-handles',
      type: 'circle',
      source: 'geofence-handles',
      paint: {
        'circle-radius': ['match', ['get', 'kind'], 'mid', 4.5, 7],
        'circle-color': ['match', ['get', 'kind'], 'mid', '#f2a900', '#ffffff'],
        'circle-opacity': ['match', ['get', 'kind'], 'mid', 0.75, 1],
        'circle-stroke-color': '#f2a900',
        'circle-stroke-width': 2.5,
      },
    });

    let lastFocus = useGeofenceDraft.getState().focusRequest;
    const render = () => {
      const { draft, highlightedId, focusRequest } = useGeofenceDraft.getState();
      const shown = saved.current.filter((g) => g.id !== draft?.id);
      map.getSource<GeoJSONSource>('geofences')?.setData({
        type: 'FeatureCollection',
        features: shown.map((g) => polygonFeature(shapeRing(g.shape), { id: g.id, highlighted: g.id === highlightedId })),
      });
      areaLabels.set(shown.map((g) => areaLabel(g, g.id === highlightedId)));
      const shape = draft ? draftShape(draft.shape) : null;
      const outline: Feature[] = [];
      if (shape && (shape.type === 'circle' || shape.points.length >= 2)) outline.push(polygonFeature(shapeRing(shape), {}));
      map.getSource<GeoJSONSource>('geofence-draft')?.setData({ type: 'FeatureCollection', features: outline });
      map.getSource<GeoJSONSource>('geofence-handles')?.setData({ type: 'FeatureCollection', features: draft ? handles(draft.shape) : [] });
      map.getCanvas().style.cursor = draft ? 'crosshair' : '';
      if (focusRequest !== lastFocus) {
        lastFocus = focusRequest;
        const target = shape ?? saved.current.find((g) => g.id === highlightedId)?.shape;
        if (target) {
          const [w, s, e, n] = shapeBounds(target);
          const view = map.getBounds();
          // Already fully in view: keep still, so handles stay under the pointer that is about to edit them.
          const inView = view.contains([w, s]) && view.contains([e, n]);
          if (!inView) map.fitBounds([w, s, e, n], { padding: 90, maxZoom: 15, duration: 400 });
        }
      }
    };

    let drag: Handle | null = null;
    let dragged = false;
    const at = (event: MapMouseEvent): LatLon => ({ latitude: event.lngLat.lat, longitude: event.lngLat.lng });
    const onDown = (event: MapMouseEvent) => {
      // Every gesture starts undragged: MapLibre fires no click after a drag, so a flag left set
      // by the last drag would swallow the next real click.
      dragged = false;
      if (!useGeofenceDraft.getState().draft) return;
      const hit = map.queryRenderedFeatures(event.point, { layers: ['geofence-handles'] })[0];
      if (!hit) return;
      // Stops MapLibre's drag-pan for this gesture: the handle moves, not the map.
      event.preventDefault();
      drag = { kind: hit.properties.kind as Handle['kind'], i: Number(hit.properties.i) } as Handle;
    };
    const onMove = (event: MapMouseEvent) => {
      const state = useGeofenceDraft.getState();
      if (!drag || !state.draft) return;
      dragged = true;
      if (drag.kind === 'mid') {
        // The first move turns the edge's midpoint into a new corner, which the rest of the drag moves.
        state.insertPoint(drag.i + 1, at(event));
        drag = { kind: 'vertex', i: drag.i + 1 };
        return;
      }
      state.setShape(moveHandle(state.draft.shape, drag, at(event)));
    };
    const onUp = () => {
      drag = null;
    };
    const onClick = (event: MapMouseEvent) => {
      const state = useGeofenceDraft.getState();
      if (!state.draft || dragged) {
        dragged = false;
        return;
      }
      if (map.queryRenderedFeatures(event.point, { layers: ['geofence-handles'] }).length > 0) return;
      // A click on an edge puts the corner into that edge, on it; anywhere else extends the outline.
      const shape = state.draft.shape;
      if (shape.type === 'polygon') {
        const corners = shape.points.map((p) => {
          const { x, y } = map.project([p.longitude, p.latitude]);
          return [x, y] as const;
        });
        const hit = edgeHit(corners, [event.point.x, event.point.y], edgeTolerancePx);
        if (hit) {
          const { lng, lat } = map.unproject(hit.foot);
          state.insertPoint(hit.index, { latitude: lat, longitude: lng });
          return;
        }
      }
      state.addPoint(at(event));
    };
    map.on('mousedown', onDown);
    map.on('mousemove', onMove);
    map.on('mouseup', onUp);
    map.on('click', onClick);
    render();
    const unsubscribe = useGeofenceDraft.subscribe(render);
    redraw.current = render;
    return () => {
      unsubscribe();
      redraw.current = null;
      map.off('mousedown', onDown);
      map.off('mousemove', onMove);
      map.off('mouseup', onUp);
      map.off('click', onClick);
      map.getCanvas().style.cursor = '';
      areaLabels.set([]);
      for (const id of [...layerIds].reverse()) if (map.getLayer(id)) map.removeLayer(id);
      for (const id of sourceIds) if (map.getSource(id)) map.removeSource(id);
    };
  }, [map, styleGeneration, color, areaLabels]);

  useEffect(() => {
    saved.current = geofences;
    redraw.current?.();
  }, [geofences]);

  return null;
}

/** A geofence's label point only changes with its shape: computed once per saved version. */
const labelSpots = new WeakMap<Geofence['shape'], [number, number]>();

function areaLabel(g: Geofence, highlighted: boolean): AreaLabel {
  let spot = labelSpots.get(g.shape);
  if (!spot) {
    const p = labelPoint(g.shape);
    spot = toMercator(p.longitude, p.latitude);
    labelSpots.set(g.shape, spot);
  }
  return { name: g.name, x: spot[0], y: spot[1], highlighted };
}

function polygonFeature(ring: [number, number][], properties: Record<string, unknown>): Feature {
  return { type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [ring] } };
}

function point(p: LatLon, properties: Record<string, unknown>): Feature {
  return { type: 'Feature', properties, geometry: { type: 'Point', coordinates: [p.longitude, p.latitude] } };
}

function handles(shape: DraftShape): Feature[] {
  if (shape.type === 'circle') {
    if (!shape.center) return [];
    return [point(shape.center, { kind: 'center', i: 0 }), point(destination(shape.center, 90, shape.radiusM), { kind: 'edge', i: 0 })];
  }
  const corners = shape.points.map((p, i) => point(p, { kind: 'vertex', i }));
  const mids = shape.points.length >= 3 ? edgeMidpoints(shape.points).map((p, i) => point(p, { kind: 'mid', i })) : [];
  return [...mids, ...corners];
}

/** The shape after dragging one handle to `to`. */
export function moveHandle(shape: DraftShape, handle: Handle, to: LatLon): DraftShape {
  if (shape.type === 'circle') {
    if (!shape.center) return shape;
    if (handle.kind === 'center') return { ...shape, center: to };
    return { ...shape, radiusM: Math.max(10, Math.round(distanceM(shape.center, to))) };
  }
  const points = [...shape.points];
  if (handle.kind === 'mid') points.splice(handle.i + 1, 0, to);
  else points[handle.i] = to;
  return { ...shape, points };
}
