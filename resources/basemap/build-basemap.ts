/**
 * Builds the console's offline basemap: one PMTiles archive of vector tiles (basemap.pmtiles)
 * and SDF glyphs (glyphs/<font stack>/<range>.pbf). The outputs are committed; rerun only to
 * change them:  node resources/basemap/build-basemap.ts [tiles|glyphs]   (glyphs need Chromium)
 *
 * Two zoom bands share the archive: z0–6 cover the world (Natural Earth 1:110m/1:50m, GeoNames
 * places thinned by population), z7–14 only the demo region (Natural Earth 1:10m coastline,
 * OpenStreetMap roads of Gothenburg, built-up areas, every place). The renderer's style reads
 * them as two sources, so beyond z6 the world band is stretched wherever the region has no tiles.
 */
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Feature, FeatureCollection, LineString } from 'geojson';
import { builtUpAreas } from './build/built-up.ts';
import { generateGlyphs } from './build/glyphs.ts';
import { borders, land } from './build/natural-earth.ts';
import type { Bbox } from './basemap-layout.ts';
import { allPlaces, rankPlaces } from './build/places.ts';
import { PmtilesWriter } from './pmtiles-writer.ts';
import { osmNetwork, roadMinZoom, roads, type RoadClass } from './build/roads.ts';
import { cutTiles, tileCoverage, tileIndex } from './build/tiles.ts';
import { basemapLayout } from './basemap-layout.ts';

const here = import.meta.dirname;
const collection = (features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features });

async function buildTiles(): Promise<void> {
  const { world, region, city } = basemapLayout;
  const writer = new PmtilesWriter();

  // z0–6: the world.
  const [land110, land50, borders110, borders50] = await Promise.all([land('110m'), land('50m'), borders('110m'), borders('50m')]);
  const worldLand = [tileIndex(collection([land110]), world.maxZoom), tileIndex(collection([land50]), world.maxZoom)];
  const worldBorders = [tileIndex(collection([borders110]), world.maxZoom), tileIndex(collection([borders50]), world.maxZoom)];
  const cities = allPlaces();
  const worldPlaces = tileIndex(collection(rankPlaces(cities.filter((c) => c.featureCode !== 'PPLX'), world.maxZoom)), world.maxZoom);
  const worldStats = cutTiles(
    writer,
    [
      { name: 'land', index: (z) => worldLand[z < 2 ? 0 : 1] ?? null },
      { name: 'boundaries', index: (z) => worldBorders[z < 3 ? 0 : 1] ?? null },
      { name: 'places', index: () => worldPlaces, keep: (tags, z) => Number(tags.minzoom) <= z },
    ],
    world.minZoom,
    world.maxZoom,
    world.bbox,
  );

  // z7–14: the demo region. The water layer is one rectangle under everything, so the region's
  // finer coastline replaces the world band's land where both are drawn.
  const coverage: Bbox = tileCoverage(region.bbox, region.minZoom);
  const water = { type: 'Feature' as const, properties: {}, geometry: { type: 'Polygon' as const, coordinates: [[[coverage[0], coverage[1]], [coverage[2], coverage[1]], [coverage[2], coverage[3]], [coverage[0], coverage[3]], [coverage[0], coverage[1]]]] } };
  const network = await osmNetwork();
  const roadLines = roads(network);
  const everyWay = network.filter((w) => w.geometry.type === 'LineString').map((w) => (w.geometry as LineString).coordinates);
  const regionPlaces = cities.filter(({ loc: { coordinates: [x, y] } }) => x >= coverage[0] && x <= coverage[2] && y >= coverage[1] && y <= coverage[3]);
  const maxZoom = city.maxZoom;
  const indexes = {
    water: tileIndex(collection([water]), maxZoom),
    land: tileIndex(collection([await land('10m', coverage)]), maxZoom),
    boundaries: tileIndex(collection([await borders('10m', coverage)]), maxZoom),
    builtup: tileIndex(collection(builtUpAreas(everyWay)), maxZoom),
    roads: tileIndex(collection(roadLines), maxZoom),
    places: tileIndex(collection(rankPlaces(regionPlaces, maxZoom)), maxZoom),
  };
  const detailLayers = [
    { name: 'water', index: () => indexes.water },
    { name: 'land', index: () => indexes.land },
    { name: 'builtup', index: (z: number) => (z >= 9 ? indexes.builtup : null) },
    { name: 'roads', index: () => indexes.roads, keep: (tags: Record<string, unknown>, z: number) => roadMinZoom[tags.class as RoadClass] <= z },
    { name: 'boundaries', index: () => indexes.boundaries },
    { name: 'places', index: () => indexes.places, keep: (tags: Record<string, unknown>, z: number) => Number(tags.minzoom) <= z },
  ];
  const regionStats = cutTiles(writer, detailLayers, region.minZoom, region.maxZoom, region.bbox);
  const cityStats = cutTiles(writer, detailLayers, city.minZoom, city.maxZoom, city.bbox);

  const archive = writer.finish({
    tileCompression: 2,
    tileType: 1,
    bounds: world.bbox,
    center: [11.9746, 57.7089, 12],
    metadata: {
      name: 'Fleet Console offline basemap',
      format: 'pbf',
      attribution: basemapLayout.attribution,
      vector_layers: basemapLayout.vectorLayers,
    },
  });
  await writeFile(join(here, 'basemap.pmtiles'), archive);
  const kb = (n: number) => `${(n / 1024).toFixed(0)} kB`;
  console.log(`world z${world.minZoom}–${world.maxZoom}: ${worldStats.tiles} tiles, ${kb(worldStats.bytes)}`);
  console.log(`region z${region.minZoom}–${region.maxZoom}: ${regionStats.tiles} tiles, ${kb(regionStats.bytes)}; city z${city.minZoom}–${city.maxZoom}: ${cityStats.tiles} tiles, ${kb(cityStats.bytes)}`);
  console.log(`roads: ${roadLines.length} lines after merging; basemap.pmtiles ${kb(archive.length)} (${writer.tileCount} tiles)`);
}

const only = process.argv[2];
if (only !== 'glyphs') await buildTiles();
if (only !== 'tiles') {
  const glyphs = await generateGlyphs(join(here, 'glyphs'));
  console.log(`glyphs: ${glyphs.files} files, ${(glyphs.bytes / 1024).toFixed(0)} kB`);
}
console.log(`archive on disk: ${((await stat(join(here, 'basemap.pmtiles'))).size / 1024).toFixed(0)} kB`);
