import type { BridgeHandlers } from '../../../contract/bridge/console-bridge.ts';
import type { mapPacksInputs } from '../../../contract/bridge/domains/map-packs-domain.ts';
import type { RegionPacks } from './region-packs.ts';

/** Bridge handlers of the `mapPacks.*` domain (contract/bridge/domains/map-packs-domain.ts). */
export function mapPacksHandlers(packs: RegionPacks): Pick<BridgeHandlers, keyof typeof mapPacksInputs> {
  return {
    'mapPacks.status': ({ workspaceId }) => packs.status(workspaceId),
    'mapPacks.download': ({ workspaceId }) => packs.download(workspaceId),
    'mapPacks.remove': ({ workspaceId }) => packs.remove(workspaceId),
    'mapPacks.read': async ({ workspaceId, offset, length }) => ({ workspaceId, base64: Buffer.from(await packs.read(workspaceId, offset, length)).toString('base64') }),
  };
}
