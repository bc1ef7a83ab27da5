import { useEffect } from 'react';
import type { VectorTileSource } from 'maplibre-gl';
import { useBridge } from '../../bridge/bridge-context.ts';
import { detailTilesScheme, setRegionPackSource } from './basemap-protocols.ts';
import { useMapHandle } from './map-context.ts';
import { BridgePackSource, useRegionPackStatus } from './region-pack.ts';

/**
 * Serves the open workspace's offline region pack to the basemap's detail band (decision 0090):
 * when a pack arrives, is updated or removed, the tile protocol's pack changes and the detail
 * tiles are asked for again — the style itself stays, so nothing else on the map reloads.
 * Renders nothing, like the map's layers.
 */
export function RegionPackTiles({ workspaceId }: { workspaceId: string }) {
  const { map, styleGeneration } = useMapHandle();
  const bridge = useBridge();
  const pack = useRegionPackStatus(workspaceId).data?.pack ?? null;
  // A new download is a new file: its time is part of the reader's key.
  const key = pack ? `${workspaceId}@${pack.downloadedAt}` : null;

  useEffect(() => {
    setRegionPackSource(key ? new BridgePackSource(bridge, workspaceId, key) : null);
    // Tiles drawn before are asked for again; before the style has its detail source (an online
    // map, or one still loading) there is nothing to refresh.
    try {
      // Only the shipped map's band reads packs; a tenant's online archive is left alone.
      const tiles = map.getSource<VectorTileSource>('detail')?.tiles;
      if (tiles?.[0]?.startsWith(`${detailTilesScheme}://`)) map.refreshTiles('detail');
    } catch {
      // The style is being replaced: its new tiles are asked for with the pack in place.
    }
    return () => setRegionPackSource(null);
    // `key` covers the workspace and the pack's download; the style generation re-applies it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bridge, key, map, styleGeneration]);
  return null;
}
