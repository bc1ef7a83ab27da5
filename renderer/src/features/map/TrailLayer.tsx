import { useQuery } from '@tanstack/react-query';
import type { GeoJSONSource } from 'maplibre-gl';
import { useEffect, useState } from 'react';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';
import type { FleetStore } from '../live/fleet-store.ts';
import { fromMercator } from '../live/mercator.ts';
import { useMapHandle } from './map-context.ts';

export const trailMinutes = 10;
const maxPoints = 2000;

interface Props {
  workspaceId: string;
  store: FleetStore;
  deviceId: string | null;
  color: string;
}

/**
 * The selected vehicle's trail of the last minutes: its cached history from the engine, then
 * extended with every live fix. One small GeoJSON line — cheap to re-send, unlike the fleet.
 */
export function TrailLayer({ workspaceId, store, deviceId, color }: Props) {
  const { map, styleGeneration } = useMapHandle();
  const bridge = useBridge();
  const [from] = useState(() => new Date(Date.now() - trailMinutes * 60_000).toISOString());
  const history = useQuery({
    queryKey: queryKeys.history(workspaceId, deviceId ?? '', from),
    enabled: deviceId !== null,
    retry: false,
    staleTime: Infinity,
    queryFn: () => bridge.positions.history({ workspaceId, deviceId: deviceId ?? '', from: from, to: new Date(Date.now() + 60_000).toISOString() }),
  });

  useEffect(() => {
    map.addSource('trail', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({
      id: 'trail',
      type: 'line',
      source: 'trail',
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': color, 'line-width': 3.5, 'line-opacity': 0.85 },
    });
    return () => {
      if (map.getLayer('trail')) map.removeLayer('trail');
      if (map.getSource('trail')) map.removeSource('trail');
    };
    // The colour is updated below without re-adding the layer.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, styleGeneration]);

  useEffect(() => {
    if (map.getLayer('trail')) map.setPaintProperty('trail', 'line-color', color);
  }, [map, color, styleGeneration]);

  useEffect(() => {
    const source = map.getSource<GeoJSONSource>('trail');
    if (!source) return;
    const points: [number, number][] = [];
    const cutoff = () => Date.now() - trailMinutes * 60_000;
    if (deviceId && history.data) {
      const h = history.data;
      for (let k = 0; k < h.t.length; k++) if ((h.t[k] ?? 0) >= cutoff()) points.push([h.lon[k] ?? 0, h.lat[k] ?? 0]);
    }
    let lastFix = 0;
    const push = () => {
      const i = deviceId ? store.indexOf(deviceId) : -1;
      if (i < 0 || !store.located[i]) return;
      const fix = store.fixTime[i] ?? 0;
      if (fix === lastFix) return;
      lastFix = fix;
      points.push(fromMercator(store.x[i] ?? 0, store.y[i] ?? 0));
      if (points.length > maxPoints) points.splice(0, points.length - maxPoints);
      source.setData({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: points } });
    };
    if (!deviceId) {
      source.setData({ type: 'FeatureCollection', features: [] });
      return;
    }
    push();
    source.setData({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: points } });
    return store.subscribe(push);
  }, [map, store, deviceId, history.data, styleGeneration]);

  return null;
}
