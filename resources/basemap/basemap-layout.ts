/**
 * What the offline basemap archive holds, shared by its build script and the renderer's style
 * (pure data, imported by both): the zoom bands and their boxes, the vector layers and their
 * fields, and the attribution every data source needs.
 */
export type Bbox = [number, number, number, number];

export interface VectorLayer {
  id: string;
  fields: Record<string, 'String' | 'Number'>;
  minzoom: number;
  maxzoom: number;
}

const world = { minZoom: 0, maxZoom: 6, bbox: [-180, -85.05, 180, 85.05] as Bbox };
/** The demo fleet's region: Sweden's west coast around Gothenburg. */
const region = { minZoom: 7, maxZoom: 10, bbox: [10.4, 56.9, 13.6, 58.7] as Bbox };
/** Street level only where the road data is: Gothenburg (OpenStreetMap extract's bounds + margin). */
const city = { minZoom: 11, maxZoom: 14, bbox: [11.8, 57.6, 12.16, 57.8] as Bbox };

export const basemapLayout = {
  world,
  region,
  city,
  attribution: '© OpenStreetMap contributors (ODbL) · Natural Earth · GeoNames (CC BY 4.0)',
  vectorLayers: [
    { id: 'water', fields: {}, minzoom: region.minZoom, maxzoom: city.maxZoom },
    { id: 'land', fields: {}, minzoom: world.minZoom, maxzoom: city.maxZoom },
    { id: 'builtup', fields: {}, minzoom: 9, maxzoom: city.maxZoom },
    { id: 'roads', fields: { class: 'String', name: 'String', ref: 'String', brunnel: 'String' }, minzoom: region.minZoom, maxzoom: city.maxZoom },
    { id: 'boundaries', fields: {}, minzoom: world.minZoom, maxzoom: city.maxZoom },
    { id: 'places', fields: { name: 'String', kind: 'String', population: 'Number', minzoom: 'Number' }, minzoom: world.minZoom, maxzoom: city.maxZoom },
  ] satisfies VectorLayer[],
} as const;
