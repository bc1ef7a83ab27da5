import { useEffect, useState } from 'react';
import { Marker } from 'maplibre-gl';
import { useMapHandle } from '../map/map-context.ts';
import { formatCoordinates } from '../../../../contract/address-words.ts';
import { usePlaceTarget } from './place-target-store.ts';
import './places.css';

interface Props {
  /** The pin's colour (the tenant's accent). */
  color: string;
  /** False while map clicks mean something else (drawing a geofence): no context menu then. */
  enabled: boolean;
}

interface Menu {
  x: number;
  y: number;
  latitude: number;
  longitude: number;
}

/**
 * The searched place on the map: flies there and drops a pin; and the map's right-click menu
 * ("Nearest vehicles here", "Copy coordinates"). A layer component: renders only the menu, and
 * gets the map from context.
 */
export function PlaceTargetLayer({ color, enabled }: Props) {
  const { map } = useMapHandle();
  const target = usePlaceTarget((s) => s.target);
  const request = usePlaceTarget((s) => s.request);
  const show = usePlaceTarget((s) => s.show);
  const [menu, setMenu] = useState<Menu | null>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  useEffect(() => {
    if (!target) return;
    const pin = new Marker({ color, className: 'place-pin' }).setLngLat([target.longitude, target.latitude]).addTo(map);
    pin.getElement().setAttribute('data-testid', 'place-pin');
    pin.getElement().setAttribute('aria-label', target.label ?? formatCoordinates(target));
    if (target.fly) {
      if (target.bounds) map.fitBounds(target.bounds, { padding: 120, maxZoom: 16, duration: 700 });
      else map.flyTo({ center: [target.longitude, target.latitude], zoom: Math.max(map.getZoom(), 15), duration: 700 });
    }
    return () => {
      pin.remove();
    };
    // `request` re-runs it when the same place is asked for again.
  }, [map, target, request, color]);

  useEffect(() => {
    if (!enabled) return;
    const open = (event: { point: { x: number; y: number }; lngLat: { lng: number; lat: number }; originalEvent: Event }) => {
      event.originalEvent.preventDefault();
      setCopied(null);
      setMenu({ x: event.point.x, y: event.point.y, latitude: event.lngLat.lat, longitude: event.lngLat.lng });
    };
    const close = () => setMenu(null);
    map.on('contextmenu', open);
    map.on('movestart', close);
    map.on('click', close);
    return () => {
      map.off('contextmenu', open);
      map.off('movestart', close);
      map.off('click', close);
    };
  }, [map, enabled]);

  if (!menu) return null;
  const point = { latitude: menu.latitude, longitude: menu.longitude };
  return (
    <div
      className="map-menu"
      role="menu"
      aria-label="Map point"
      style={{ left: menu.x, top: menu.y }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') setMenu(null);
      }}
    >
      <button
        type="button"
        role="menuitem"
        autoFocus
        onClick={() => {
          setMenu(null);
          show({ ...point, label: null, fly: false });
        }}
      >
        Nearest vehicles here
      </button>
      <button
        type="button"
        role="menuitem"
        onClick={() => {
          void navigator.clipboard.writeText(formatCoordinates(point)).then(
            () => setCopied('yes'),
            () => setCopied('failed'),
          );
        }}
      >
        {copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Could not copy — select them:' : 'Copy coordinates'} <span className="mono map-menu__hint">{formatCoordinates(point)}</span>
      </button>
    </div>
  );
}
