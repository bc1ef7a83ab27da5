import { PMTiles, type RangeResponse, type Source } from 'pmtiles';

/** Reads a PMTiles archive held in memory with the `pmtiles` package, as the console's renderer does. */
export function pmtilesInMemory(bytes: Uint8Array): PMTiles {
  const source: Source = {
    getKey: () => 'in-memory',
    getBytes: async (offset: number, length: number): Promise<RangeResponse> => ({ data: bytes.slice(offset, offset + length).buffer }),
  };
  return new PMTiles(source);
}
