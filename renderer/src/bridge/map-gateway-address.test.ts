import { describe, expect, it } from 'vitest';
import { electronMapGatewayBase } from '../../../contract/map-gateway.ts';
import { webHostMapGatewayBase } from './connect-to-host.ts';
import { gatewayProblemOf, MapGatewayAddresses } from './map-gateway-address.ts';

const web = new MapGatewayAddresses(webHostMapGatewayBase({ origin: 'http://127.0.0.1:5000' }));
const target = (address: string) => new URL(address.replace(/^pmtiles:\/\//, '')).searchParams.get('url');

describe('map gateway addresses in the page', () => {
  it('sends every http(s) read of the map through the host\'s gateway', () => {
    const wrapped = web.wrap('https://tiles.example.com/3/4/5.pbf?key=a');
    expect(wrapped.startsWith('http://127.0.0.1:5000/map-gateway?url=')).toBe(true);
    expect(target(wrapped)).toBe('https://tiles.example.com/3/4/5.pbf?key=a');
    expect(web.transformRequest('http://fonts.example.com/Noto/0-255.pbf').url).toBe(web.wrap('http://fonts.example.com/Noto/0-255.pbf'));
  });

  it('reads a pmtiles:// archive by ranges through the gateway, and keeps the tile path after it', () => {
    const wrapped = web.wrap('pmtiles://http://127.0.0.1:8081/basemap.pmtiles');
    expect(wrapped.startsWith('pmtiles://http://127.0.0.1:5000/map-gateway?url=')).toBe(true);
    expect(target(wrapped)).toBe('http://127.0.0.1:8081/basemap.pmtiles');
    // MapLibre asks for `${source}/{z}/{x}/{y}`: already through the gateway, left as it is.
    expect(web.wrap(`${wrapped}/14/8740/4830`)).toBe(`${wrapped}/14/8740/4830`);
  });

  it('leaves the shipped map, bundled files and gateway addresses alone', () => {
    for (const address of ['pmtiles://fleet-basemap/1/2/3', 'fleet-tiles://detail/1/2/3', 'fleet-glyphs://Noto/0-255.pbf', '/assets/basemap.pmtiles', 'blob:http://127.0.0.1:5000/x']) {
      expect(web.wrap(address)).toBe(address);
    }
    const once = web.wrap('https://tiles.example.com/a');
    expect(web.wrap(once)).toBe(once);
  });

  it('uses Electron\'s scheme when the host is Electron', () => {
    const electron = new MapGatewayAddresses(electronMapGatewayBase);
    expect(electron.wrap('https://tiles.example.com/a')).toBe(`fleet-map://gateway/?url=${encodeURIComponent('https://tiles.example.com/a')}`);
    const archive = electron.wrap('pmtiles://https://tiles.example.com/a.pmtiles');
    expect(electron.wrap(`${archive}/1/2/3`)).toBe(`${archive}/1/2/3`);
  });

  it('reads the gateway\'s problem code from an answer', () => {
    expect(gatewayProblemOf(new Response(null, { status: 502, headers: { 'x-map-gateway-problem': 'unreachable' } }))).toBe('unreachable');
    expect(gatewayProblemOf(new Response(null, { status: 502 }))).toBeNull();
  });
});
