import type { RegionPackInfo } from '../../../../contract/bridge/domains/map-packs-domain.ts';

/** What the pack shows at its deepest zoom: every street from zoom 14, fewer roads and names below. */
export function detailWords(pack: RegionPackInfo): string {
  return pack.maxZoom >= 14 ? 'street names and every road' : pack.maxZoom >= 11 ? 'main roads and districts' : 'towns and main roads';
}

/** "12 × 22 km": the area's width (at its middle latitude) and height. */
export function areaWords([west, south, east, north]: RegionPackInfo['bbox']): string {
  const km = (deg: number, lat: number) => Math.round(deg * 111.32 * Math.cos((lat * Math.PI) / 180));
  const mid = (south + north) / 2;
  return `${km(east - west, mid)} × ${Math.round((north - south) * 111.32)} km`;
}
