import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PMTiles, type RangeResponse, type Source } from 'pmtiles';
import { basemapLayout } from '../resources/basemap/basemap-layout.ts';
import { PmtilesWriter } from '../resources/basemap/pmtiles-writer.ts';
import { gothenburgUnits, ingest } from '../electron/core/test/fleet-data.ts';
import { jumpTo, renderedNames } from './basemap-helpers.ts';
import { openWorkspace, waitForMapPaint } from './console-helpers.ts';
import { expect, screenshot, test } from './fixtures.ts';
import { useOwnFleetCloud } from './own-fleet-cloud.ts';

// A provider's map archive that reaches beyond the console's shipped basemap: for the test, the
// shipped detail tiles of the Gothenburg region moved one zoom-7 tile east (2.8125°, to about
// 14.8° E by Lake Vättern), where the shipped archive has no streets. A vehicle reports from
// there, so the fleet's area — and its region pack — covers both places.
const shift = 2.8125;
const movedCentre: [number, number] = [11.9746 + shift, 57.7089];

async function writeMovedArchive(file: string): Promise<void> {
  const bytes = new Uint8Array(await readFile(join(import.meta.dirname, '../resources/basemap/basemap.pmtiles')));
  const source: Source = { getKey: () => 'shipped', getBytes: async (offset: number, length: number): Promise<RangeResponse> => ({ data: bytes.slice(offset, offset + length).buffer }) };
  const shipped = new PMTiles(source);
  const writer = new PmtilesWriter();
  const { region, city } = basemapLayout;
  for (const band of [region, city]) {
    for (let z = band.minZoom; z <= band.maxZoom; z++) {
      const n = 2 ** z;
      const tx = (lon: number) => Math.floor(((lon + 180) / 360) * n);
      const ty = (lat: number) => Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * n);
      for (let x = tx(band.bbox[0]); x <= tx(band.bbox[2]); x++) {
        for (let y = ty(band.bbox[3]); y <= ty(band.bbox[1]); y++) {
          const tile = await shipped.getZxy(z, x, y);
          if (tile) writer.addTile(z, x + 2 ** (z - 7), y, new Uint8Array(tile.data));
        }
      }
    }
  }
  const [w, s, e, n] = region.bbox;
  await writeFile(file, writer.finish({ tileCompression: 1, tileType: 1, bounds: [w + shift, s, e + shift, n], center: [movedCentre[0], movedCentre[1], 12], metadata: { name: 'moved test archive' } }));
}

let dir: string | undefined;
// The provider's map archive is written before the fleet cloud starts with it.
const own = useOwnFleetCloud(async () => {
  dir = await mkdtemp(join(tmpdir(), 'region-pack-e2e-'));
  const archive = join(dir, 'provider.pmtiles');
  await writeMovedArchive(archive);
  return { mapArchivePath: archive };
});

test.beforeAll(async () => {
  // GF Truck 03 reports from the moved city.
  await ingest(own.cloud.url, [{ deviceId: gothenburgUnits[2], time: Date.now() - 30_000, latitude: movedCentre[1], longitude: movedCentre[0], speedKmh: 0, course: 0 }]);
});

test.afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('a region pack from the provider archive draws street names offline where the shipped basemap has none', async ({ consolePage: page }) => {
  test.setTimeout(180_000);
  await openWorkspace(page, own.proxy.url, 'anders', 'Gothenburg Freight AB');
  await waitForMapPaint(page);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByTestId('offline-map-size')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Done' }).click();

  own.proxy.cut();
  await own.cloud.halt();
  await expect(page.getByTestId('offline-banner')).toBeVisible({ timeout: 30_000 });

  await jumpTo(page, movedCentre, 15.5);
  const streets = await renderedNames(page, ['road-labels-major', 'road-labels-minor']);
  expect(streets.length, 'street names from the pack').toBeGreaterThan(3);
  expect(streets).toEqual(expect.arrayContaining([expect.stringMatching(/gatan|vägen|leden|torget/)]));
  await screenshot(page, 'region-pack-outside-shipped-map');
});
