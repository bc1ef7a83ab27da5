import { open, type FileHandle } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { Compression, ResolvedValueCache, TileType, findTile, zxyToTileId, type DecompressFunc, type Header, type RangeResponse, type Source } from 'pmtiles';

/** Directories and metadata are gzip in every archive we write; zlib is faster than a stream here. */
const decompress: DecompressFunc = async (buf, compression) => {
  if (compression === Compression.None || compression === Compression.Unknown) return buf;
  if (compression !== Compression.Gzip) throw new Error(`PMTiles compression ${compression} is not supported`);
  const out = gunzipSync(new Uint8Array(buf));
  return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
};

/** Reads byte ranges of a local file, for the `pmtiles` package's directory cache. */
class FileRangeSource implements Source {
  readonly #path: string;
  readonly #file: FileHandle;

  constructor(path: string, file: FileHandle) {
    this.#path = path;
    this.#file = file;
  }

  getKey(): string {
    return this.#path;
  }

  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    return { data: (await this.read(offset, length)).buffer as ArrayBuffer };
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const bytes = new Uint8Array(length);
    const { bytesRead } = await this.#file.read(bytes, 0, length, offset);
    return bytesRead === length ? bytes : bytes.slice(0, bytesRead);
  }
}

/**
 * A PMTiles v3 archive on this machine's disk (the provider's basemap), read by ranges: only its
 * header, the directories a lookup walks, and the tiles asked for are read, so the archive may be
 * far larger than memory. Tiles come back as stored (still compressed), to be copied into a pack.
 */
export class MapArchive {
  readonly #source: FileRangeSource;
  readonly #file: FileHandle;
  readonly #cache = new ResolvedValueCache(64, false, decompress);

  private constructor(path: string, file: FileHandle) {
    this.#file = file;
    this.#source = new FileRangeSource(path, file);
  }

  static async open(path: string): Promise<MapArchive> {
    const archive = new MapArchive(path, await open(path, 'r'));
    try {
      // Refuses a file that is not a PMTiles v3 archive, and tiles a pack could not carry as they are.
      const h = await archive.header();
      if (h.tileType !== TileType.Mvt) throw new Error(`${path}: tiles are not vector tiles (type ${h.tileType})`);
      if (h.tileCompression !== Compression.Gzip && h.tileCompression !== Compression.None) throw new Error(`${path}: tile compression ${h.tileCompression} is not gzip or none`);
      return archive;
    } catch (error) {
      await archive.close();
      throw error;
    }
  }

  header(): Promise<Header> {
    return this.#cache.getHeader(this.#source);
  }

  /** The archive's JSON metadata (vector layers, attribution). */
  async metadata(): Promise<Record<string, unknown>> {
    const h = await this.header();
    if (h.jsonMetadataLength === 0) return {};
    const raw = await this.#source.read(h.jsonMetadataOffset, h.jsonMetadataLength);
    const json = await decompress(raw.buffer as ArrayBuffer, h.internalCompression);
    return JSON.parse(new TextDecoder().decode(json)) as Record<string, unknown>;
  }

  /** The stored bytes of one tile (compressed as the header says), or null where there is none. */
  async rawTile(z: number, x: number, y: number): Promise<Uint8Array | null> {
    const tileId = zxyToTileId(z, x, y);
    const h = await this.header();
    let offset = h.rootDirectoryOffset;
    let length = h.rootDirectoryLength;
    // The spec allows at most three levels of leaf directories below the root.
    for (let depth = 0; depth <= 3; depth++) {
      const entry = findTile(await this.#cache.getDirectory(this.#source, offset, length, h), tileId);
      if (!entry) return null;
      if (entry.runLength > 0) return this.#source.read(h.tileDataOffset + entry.offset, entry.length);
      offset = h.leafDirectoryOffset + entry.offset;
      length = entry.length;
    }
    return null;
  }

  close(): Promise<void> {
    return this.#file.close();
  }
}
