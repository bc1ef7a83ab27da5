/**
 * A small PMTiles v3 writer (the archive format is a public spec; the `pmtiles` npm package only
 * reads). Everything is held in memory: our archive is a few megabytes. Tiles are stored in tile-id
 * order with identical contents written once (ocean and inland tiles repeat a lot), consecutive
 * tile ids with the same contents collapse into one run-length entry, and when the root directory
 * would not fit in the first 16 KiB the entries move to leaf directories.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { zxyToTileId } from 'pmtiles';

export const headerBytes = 127;
/** The spec: header + root directory must fit in the first 16,384 bytes. */
const firstRead = 16_384;

export interface ArchiveOptions {
  /** Tiles are stored as given; say how they are compressed (2 = gzip, the spec's enum). */
  tileCompression: 1 | 2;
  /** 1 = Mapbox Vector Tile. */
  tileType: 1;
  bounds: [number, number, number, number];
  center: [number, number, number];
  metadata: Record<string, unknown>;
  /** For tests: force leaf directories with a smaller root budget. */
  rootBudgetBytes?: number;
}

interface Entry {
  tileId: number;
  offset: number;
  length: number;
  runLength: number;
}

export class PmtilesWriter {
  private readonly tiles = new Map<number, Uint8Array>();

  addTile(z: number, x: number, y: number, data: Uint8Array): void {
    this.tiles.set(zxyToTileId(z, x, y), data);
  }

  get tileCount(): number {
    return this.tiles.size;
  }

  finish(options: ArchiveOptions): Uint8Array {
    const ids = [...this.tiles.keys()].sort((a, b) => a - b);
    const contents: Uint8Array[] = [];
    const offsetByHash = new Map<string, number>();
    const entries: Entry[] = [];
    let dataLength = 0;
    for (const tileId of ids) {
      const data = this.tiles.get(tileId) ?? new Uint8Array(0);
      const hash = createHash('sha256').update(data).digest('hex');
      let offset = offsetByHash.get(hash);
      if (offset === undefined) {
        offset = dataLength;
        offsetByHash.set(hash, offset);
        contents.push(data);
        dataLength += data.length;
      }
      const last = entries.at(-1);
      if (last && last.offset === offset && last.tileId + last.runLength === tileId) last.runLength++;
      else entries.push({ tileId, offset, length: data.length, runLength: 1 });
    }

    const { root, leaves } = directories(entries, (options.rootBudgetBytes ?? firstRead) - headerBytes);
    const metadata = gzipSync(Buffer.from(JSON.stringify(options.metadata)));
    const rootOffset = headerBytes;
    const metadataOffset = rootOffset + root.length;
    const leafOffset = metadataOffset + metadata.length;
    const dataOffset = leafOffset + leaves.length;
    const [minZoom, maxZoom] = zoomRange(ids);

    const header = new DataView(new ArrayBuffer(headerBytes));
    new Uint8Array(header.buffer).set(new TextEncoder().encode('PMTiles'), 0);
    header.setUint8(7, 3);
    const u64 = (at: number, value: number) => header.setBigUint64(at, BigInt(value), true);
    u64(8, rootOffset);
    u64(16, root.length);
    u64(24, metadataOffset);
    u64(32, metadata.length);
    u64(40, leafOffset);
    u64(48, leaves.length);
    u64(56, dataOffset);
    u64(64, dataLength);
    u64(72, ids.length);
    u64(80, entries.length);
    u64(88, contents.length);
    header.setUint8(96, 1); // clustered: contents are laid out in tile-id order
    header.setUint8(97, 2); // directories and metadata: gzip
    header.setUint8(98, options.tileCompression);
    header.setUint8(99, options.tileType);
    header.setUint8(100, minZoom);
    header.setUint8(101, maxZoom);
    const e7 = (at: number, degrees: number) => header.setInt32(at, Math.round(degrees * 1e7), true);
    e7(102, options.bounds[0]);
    e7(106, options.bounds[1]);
    e7(110, options.bounds[2]);
    e7(114, options.bounds[3]);
    header.setUint8(118, options.center[2]);
    e7(119, options.center[0]);
    e7(123, options.center[1]);

    const out = new Uint8Array(dataOffset + dataLength);
    out.set(new Uint8Array(header.buffer), 0);
    out.set(root, rootOffset);
    out.set(metadata, metadataOffset);
    out.set(leaves, leafOffset);
    let at = dataOffset;
    for (const data of contents) {
      out.set(data, at);
      at += data.length;
    }
    return out;
  }
}

function zoomRange(sortedIds: number[]): [number, number] {
  const zoomOf = (id: number) => {
    let z = 0;
    let first = 0;
    while (first + 4 ** z <= id) first += 4 ** z++;
    return z;
  };
  return sortedIds.length ? [zoomOf(sortedIds[0] ?? 0), zoomOf(sortedIds.at(-1) ?? 0)] : [0, 0];
}

/** Root alone if it fits; otherwise leaves of growing size until the root of leaf pointers fits. */
function directories(entries: Entry[], rootBudget: number): { root: Uint8Array; leaves: Uint8Array } {
  const whole = serializeDirectory(entries);
  if (whole.length <= rootBudget) return { root: whole, leaves: new Uint8Array(0) };
  for (let leafSize = 4096; ; leafSize *= 2) {
    const leafParts: Uint8Array[] = [];
    const pointers: Entry[] = [];
    let offset = 0;
    for (let i = 0; i < entries.length; i += leafSize) {
      const chunk = entries.slice(i, i + leafSize);
      const bytes = serializeDirectory(chunk);
      // runLength 0 marks a pointer to a leaf directory; offset is relative to the leaf section.
      pointers.push({ tileId: chunk[0]?.tileId ?? 0, offset, length: bytes.length, runLength: 0 });
      leafParts.push(bytes);
      offset += bytes.length;
    }
    const root = serializeDirectory(pointers);
    if (root.length <= rootBudget || pointers.length === 1) return { root, leaves: Buffer.concat(leafParts) };
  }
}

/** Column layout from the spec: count, delta tile ids, run lengths, lengths, offsets (0 = contiguous). */
export function serializeDirectory(entries: Entry[]): Uint8Array {
  const bytes: number[] = [];
  const varint = (value: number) => {
    let v = value;
    while (v >= 0x80) {
      bytes.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    bytes.push(v);
  };
  varint(entries.length);
  let lastId = 0;
  for (const e of entries) {
    varint(e.tileId - lastId);
    lastId = e.tileId;
  }
  for (const e of entries) varint(e.runLength);
  for (const e of entries) varint(e.length);
  entries.forEach((e, i) => {
    const previous = entries[i - 1];
    if (previous && e.offset === previous.offset + previous.length) varint(0);
    else varint(e.offset + 1);
  });
  return gzipSync(Uint8Array.from(bytes));
}
