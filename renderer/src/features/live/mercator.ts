/** Web Mercator in the 0..1 square MapLibre's custom layers draw in ([0,0] = top left). */
export function toMercator(longitude: number, latitude: number): [number, number] {
  const x = (180 + longitude) / 360;
  const lat = Math.max(-85.05112878, Math.min(85.05112878, latitude));
  const y = (180 - (180 / Math.PI) * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))) / 360;
  return [x, y];
}

export function fromMercator(x: number, y: number): [longitude: number, latitude: number] {
  const longitude = x * 360 - 180;
  const y2 = 180 - y * 360;
  const latitude = (360 / Math.PI) * Math.atan(Math.exp((y2 * Math.PI) / 180)) - 90;
  return [longitude, latitude];
}
