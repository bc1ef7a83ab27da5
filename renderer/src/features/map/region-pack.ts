import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { RangeResponse, Source } from 'pmtiles';
import type { ConsoleBridge } from '../../../../contract/bridge/console-bridge.ts';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';

/** Reads a workspace's region pack from the engine by byte ranges (the `pmtiles` reader asks for them). */
export class BridgePackSource implements Source {
  readonly #bridge: ConsoleBridge;
  readonly #workspaceId: string;
  readonly #key: string;

  constructor(bridge: ConsoleBridge, workspaceId: string, key: string) {
    this.#bridge = bridge;
    this.#workspaceId = workspaceId;
    this.#key = key;
  }

  getKey(): string {
    return this.#key;
  }

  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const { base64 } = await this.#bridge.mapPacks.read({ workspaceId: this.#workspaceId, offset, length });
    const text = atob(base64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return { data: bytes.buffer };
  }
}

/** The workspace's pack status, fetched once and kept current by `onRegionPackStatus`. */
export function useRegionPackStatus(workspaceId: string) {
  const bridge = useBridge();
  const client = useQueryClient();
  useEffect(() => bridge.onRegionPackStatus((status) => client.setQueryData(queryKeys.regionPack(status.workspaceId), status)), [bridge, client]);
  return useQuery({ queryKey: queryKeys.regionPack(workspaceId), queryFn: () => bridge.mapPacks.status({ workspaceId }), staleTime: Infinity });
}
