import type { ReactNode } from 'react';
import type { MapSource } from '../../../../contract/api/settings.ts';
import { useConsoleStore } from '../console/console-store.ts';
import type { FleetStore } from '../live/fleet-store.ts';
import { usePreferences } from '../settings/settings-store.ts';
import { MapCameraController } from './MapCameraController.tsx';
import { MapView } from './MapView.tsx';
import { RegionPackTiles } from './RegionPackTiles.tsx';
import { TrailLayer } from './TrailLayer.tsx';
import { useMapStart } from './use-map-start.ts';
import { useMapStyle } from './use-map-style.ts';
import { VehicleLayer } from './VehicleLayer.tsx';

interface Props {
  workspaceId: string;
  store: FleetStore;
  mapSource: MapSource | null;
  distanceUnit: 'km' | 'mi';
  accentColor: string;
  /** Vehicles can be picked by clicking the map (off while a geofence is being drawn). */
  vehiclesSelectable?: boolean;
  /** Extra layers (geofences, trip replay) drawn above the basemap and below vehicles. */
  layers?: ReactNode;
  /** Floating map UI (selected vehicle card, map notices). */
  overlay?: ReactNode;
  /**
   * Pixels of the map's right edge the alert inbox covers while it is the open panel: the camera
   * then centres what it shows in the rest.
   */
  inboxCovers?: number;
}

/** The live map of the open workspace, composed from layer components. */
export function LiveMap({ workspaceId, store, mapSource, distanceUnit, accentColor, vehiclesSelectable = true, layers, overlay, inboxCovers = 0 }: Props) {
  const theme = usePreferences((s) => s.theme);
  const resolved = useMapStyle(mapSource, theme);
  const selectedId = useConsoleStore((s) => s.selectedDeviceId);
  const following = useConsoleStore((s) => s.following);
  const focusRequest = useConsoleStore((s) => s.focusRequest);
  const fitRequest = useConsoleStore((s) => s.fitRequest);
  const fitIds = useConsoleStore((s) => s.fitIds);
  const select = useConsoleStore((s) => s.select);
  // The map is created once the fleet is in (or shortly after): see use-map-start.ts.
  const start = useMapStart(workspaceId);

  return (
    <div className="live-map">
      {start && (
        <MapView
          style={resolved.style}
          distanceUnit={distanceUnit}
          onMapError={resolved.online ? resolved.reportError : undefined}
          cameraLayers={
            // Neither touches the style: vehicles from the cache draw, and the fleet is framed, while
            // the style still loads (decision 0445).
            <>
              <VehicleLayer store={store} selectedId={selectedId} onSelect={(id) => select(id)} theme={theme} selectable={vehiclesSelectable} />
              <MapCameraController store={store} selectedId={selectedId} following={following} focusRequest={focusRequest} fitRequest={fitRequest} fitIds={fitIds} inboxCovers={inboxCovers} />
            </>
          }
        >
          <RegionPackTiles workspaceId={workspaceId} />
          {layers}
          <TrailLayer workspaceId={workspaceId} store={store} deviceId={selectedId} color={accentColor} />
        </MapView>
      )}
      {resolved.notice && (
        <p className="live-map__notice" role="status">
          {resolved.notice}
        </p>
      )}
      {overlay}
    </div>
  );
}
