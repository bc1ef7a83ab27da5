import type { LayerSpecification } from 'maplibre-gl';
import { describe, expect, it } from 'vitest';
import { basemapLayout } from '../../../../resources/basemap/basemap-layout.ts';
import { basemapLabelLayerIds, offlineStyle, type MapTheme } from './basemap-style.ts';

const archiveLayers = new Set(basemapLayout.vectorLayers.map((l) => l.id));
const shippedFonts = new Set(Object.keys(import.meta.glob('../../../../resources/basemap/glyphs/*/0-255.pbf')).map((p) => p.split('/').at(-2)));

/** Every font stack a layer may ask for (literal arrays inside expressions included). */
function fontsOf(layer: LayerSpecification): string[] {
  const font = layer.type === 'symbol' ? layer.layout?.['text-font'] : undefined;
  const out: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v) && v.every((x) => typeof x === 'string') && v.length === 1) out.push(v[0] as string);
    else if (Array.isArray(v)) v.forEach(visit);
  };
  visit(font);
  return out;
}

describe.each<MapTheme>(['dark', 'light'])('the offline basemap style (%s)', (theme) => {
  const style = offlineStyle(theme);

  it('reads only layers the archive has, from sources the style declares', () => {
    for (const layer of style.layers) {
      if (layer.type === 'background') continue;
      expect(Object.keys(style.sources), layer.id).toContain(layer.source);
      expect(archiveLayers, `${layer.id} → ${layer['source-layer']}`).toContain(layer['source-layer']);
    }
  });

  it('labels with shipped fonts only, and names streets along the roads', () => {
    const symbols = style.layers.filter((l) => l.type === 'symbol');
    expect(symbols.map((l) => l.id).sort()).toEqual([...basemapLabelLayerIds].sort());
    for (const layer of symbols) for (const font of fontsOf(layer)) expect(shippedFonts, `${layer.id}: ${font}`).toContain(font);
    const streets = symbols.filter((l) => l.id.startsWith('road-labels'));
    expect(streets.every((l) => l.layout?.['symbol-placement'] === 'line')).toBe(true);
    expect(style.glyphs).toMatch(/^fleet-glyphs:\/\/\{fontstack\}\/\{range\}/);
  });

  it('credits every data source on the map', () => {
    const credits = Object.values(style.sources).map((s) => ('attribution' in s ? s.attribution : '')).join(' ');
    for (const source of ['OpenStreetMap', 'Natural Earth', 'GeoNames']) expect(credits).toContain(source);
  });
});

describe('the offline style with a workspace region pack', () => {
  const pack = { key: 'ws%3A1@1765000000000', bbox: [14.5, 57.5, 15.2, 57.9] as [number, number, number, number], maxZoom: 15 };

  it('reads the detail band through the pack (shipped archive behind it), over both areas and the deeper zoom', () => {
    const detail = offlineStyle('dark', pack).sources.detail;
    expect(detail).toMatchObject({ tiles: ['fleet-tiles://ws%3A1@1765000000000/{z}/{x}/{y}'], maxzoom: 15 });
    const [west, south, , north] = basemapLayout.region.bbox;
    expect(detail).toMatchObject({ bounds: [west, Math.min(south, 57.5), 15.2, north] });
    // The world band and the layers are the same as without a pack.
    expect(offlineStyle('dark', pack).sources.world).toEqual(offlineStyle('dark').sources.world);
    expect(offlineStyle('dark', pack).layers).toEqual(offlineStyle('dark').layers);
  });

  it('reads the shipped archive straight from memory when there is no pack', () => {
    expect(offlineStyle('light').sources.detail).toMatchObject({ tiles: ['pmtiles://fleet-basemap/{z}/{x}/{y}'], bounds: basemapLayout.region.bbox });
  });
});
