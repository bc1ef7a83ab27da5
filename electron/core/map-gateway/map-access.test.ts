import { describe, expect, it } from 'vitest';
import type { MapSource } from '../../../contract/api/settings.ts';
import { MapAccess, previewAllowanceMs } from './map-access.ts';

/** The style documents "on the network" of these tests, by address. */
const documents: Record<string, unknown> = {
  'https://maps.example.com/style.json': {
    version: 8,
    glyphs: 'https://fonts.example.com/{fontstack}/{range}.pbf',
    sources: { a: { type: 'vector', url: 'https://tilejson.example.com/v.json' } },
    layers: [],
  },
  'https://tilejson.example.com/v.json': { tiles: ['https://tiles.example.com/{z}/{x}/{y}.pbf'] },
};

function access(saved: MapSource | null, clock = { now: 0 }) {
  const reads: string[] = [];
  const gate = new MapAccess({
    savedSource: () => (saved ? { workspaceId: 'w1', source: saved } : null),
    loadJson: (url) => {
      reads.push(url);
      return url in documents ? Promise.resolve(documents[url]) : Promise.reject(new Error('HTTP 404'));
    },
    now: () => clock.now,
  });
  return { gate, reads, clock };
}

describe('map access (which addresses the gateway fetches)', () => {
  it('allows the saved archive\'s origin and refuses every other host, port and scheme', async () => {
    const { gate } = access({ kind: 'pmtiles', pmtilesUrl: 'http://127.0.0.1:8081/basemap.pmtiles' });
    expect(await gate.decide('http://127.0.0.1:8081/basemap.pmtiles')).toEqual({ allowed: true });
    expect(await gate.decide('http://127.0.0.1:8081/other/path')).toEqual({ allowed: true });
    for (const target of ['http://127.0.0.1:8080/api/devices', 'http://localhost:8081/basemap.pmtiles', 'https://127.0.0.1:8081/basemap.pmtiles', 'http://169.254.169.254/latest/meta-data']) {
      expect(await gate.decide(target), target).toMatchObject({ allowed: false, problem: 'refused' });
    }
    expect(await gate.decide('file:///etc/passwd')).toMatchObject({ allowed: false, problem: 'bad_target' });
    expect(await gate.decide('http://user:pw@127.0.0.1:8081/basemap.pmtiles')).toMatchObject({ allowed: false, problem: 'bad_target' });
  });

  it('allows the origins the saved style and its TileJSON name, reading the style once', async () => {
    const { gate, reads } = access({ kind: 'style', styleUrl: 'https://maps.example.com/style.json' });
    expect(await gate.decide('https://fonts.example.com/Noto/0-255.pbf')).toEqual({ allowed: true });
    expect(await gate.decide('https://tiles.example.com/1/2/3.pbf')).toEqual({ allowed: true });
    expect(await gate.decide('https://tilejson.example.com/v.json')).toEqual({ allowed: true });
    expect(await gate.decide('https://evil.example.com/x')).toMatchObject({ allowed: false, problem: 'refused' });
    expect(reads).toEqual(['https://maps.example.com/style.json', 'https://tilejson.example.com/v.json']);
  });

  it('serves a Preview before the workspace\'s settings were first synced', async () => {
    const gate = new MapAccess({ savedSource: () => ({ workspaceId: 'w1', source: null }), loadJson: () => Promise.reject(new Error('no')) });
    expect(await gate.decide('http://127.0.0.1:9000/a.pmtiles')).toMatchObject({ allowed: false, problem: 'refused' });
    gate.allowPreview('w1', { kind: 'pmtiles', pmtilesUrl: 'http://127.0.0.1:9000/a.pmtiles' });
    expect(await gate.decide('http://127.0.0.1:9000/a.pmtiles')).toEqual({ allowed: true });
  });

  it('refuses everything when the workspace shows the shipped map or none is open', async () => {
    expect(await access({ kind: 'offline' }).gate.decide('https://maps.example.com/style.json')).toMatchObject({ allowed: false, problem: 'refused' });
    expect(await access(null).gate.decide('https://maps.example.com/style.json')).toMatchObject({ allowed: false, problem: 'refused' });
  });

  it('opens a Preview for ten minutes, for the workspace that asked only', async () => {
    const { gate, clock } = access({ kind: 'offline' });
    const until = gate.allowPreview('w1', { kind: 'pmtiles', pmtilesUrl: 'http://127.0.0.1:9000/a.pmtiles' });
    gate.allowPreview('w2', { kind: 'pmtiles', pmtilesUrl: 'http://127.0.0.1:9001/a.pmtiles' });
    expect(until).toBe(previewAllowanceMs);
    expect(await gate.decide('http://127.0.0.1:9000/a.pmtiles')).toEqual({ allowed: true });
    expect(await gate.decide('http://127.0.0.1:9001/a.pmtiles')).toMatchObject({ allowed: false });
    clock.now = previewAllowanceMs;
    expect(await gate.decide('http://127.0.0.1:9000/a.pmtiles')).toMatchObject({ allowed: false, problem: 'refused' });
  });

  it('reads a style that failed again on the next request, and a known one again after five minutes', async () => {
    const { gate, reads, clock } = access({ kind: 'style', styleUrl: 'https://maps.example.com/missing.json' });
    expect(await gate.decide('https://fonts.example.com/x')).toMatchObject({ allowed: false });
    expect(await gate.decide('https://fonts.example.com/x')).toMatchObject({ allowed: false });
    expect(reads).toEqual(['https://maps.example.com/missing.json', 'https://maps.example.com/missing.json']);

    const known = access({ kind: 'style', styleUrl: 'https://maps.example.com/style.json' }, clock);
    await known.gate.decide('https://fonts.example.com/x');
    await known.gate.decide('https://fonts.example.com/y');
    clock.now += 5 * 60_000;
    await known.gate.decide('https://fonts.example.com/z');
    expect(known.reads.filter((r) => r.endsWith('style.json'))).toHaveLength(2);
  });
});
