import { describe, expect, it } from 'vitest';
import { electronMapGatewayBase, mapGatewayUrl, readMapGatewayProblem } from './map-gateway.ts';

describe('map gateway addresses', () => {
  it('carries the whole tile server address, query and template characters included, in one parameter', () => {
    const target = 'https://tiles.example.com/v1/3/4/5.pbf?key=abc&lang=sv#x';
    const address = mapGatewayUrl('http://127.0.0.1:5000/map-gateway', target);
    expect(address.startsWith('http://127.0.0.1:5000/map-gateway?url=')).toBe(true);
    expect(new URL(address).searchParams.get('url')).toBe(target);
    expect(new URL(mapGatewayUrl(electronMapGatewayBase, target)).searchParams.get('url')).toBe(target);
  });

  it('reads only the problem codes it knows', () => {
    expect(readMapGatewayProblem('timeout')).toBe('timeout');
    expect(readMapGatewayProblem('refused')).toBe('refused');
    expect(readMapGatewayProblem('something-else')).toBeNull();
    expect(readMapGatewayProblem(null)).toBeNull();
  });
});
