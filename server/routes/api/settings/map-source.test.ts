import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../../../contract/api/errors.ts';
import type { SettingsResponse } from '../../../../contract/api/settings.ts';
import { demoTenants } from '../../../../demo/demo-accounts.ts';
import { accessTokenFor, bearer } from '../../../test/test-fleet.ts';
import { useTestFleet } from '../../../test/use-test-fleet.ts';

const suite = useTestFleet();
let admin: string;

beforeAll(async () => {
  admin = await accessTokenFor(suite.fleet.app, 'sofia', demoTenants.cityUtilities.id);
});

async function patchMapSource(mapSource: object) {
  const response = await suite.fleet.app.inject({ method: 'PATCH', url: '/api/settings', headers: bearer(admin), payload: { changes: { mapSource } } });
  return { status: response.statusCode, body: response.json<SettingsResponse & ApiErrorBody>() };
}

describe('the map source setting', () => {
  it('stores a MapLibre style URL or a PMTiles archive URL (http or https)', async () => {
    const style = await patchMapSource({ kind: 'style', styleUrl: 'https://tiles.example.com/styles/streets.json' });
    expect(style.status, JSON.stringify(style.body)).toBe(200);
    expect(style.body.settings.mapSource).toEqual({ kind: 'style', styleUrl: 'https://tiles.example.com/styles/streets.json' });
    const archive = await patchMapSource({ kind: 'pmtiles', pmtilesUrl: 'http://maps.depot.lan:8080/region.pmtiles' });
    expect(archive.status, JSON.stringify(archive.body)).toBe(200);
    expect(archive.body.settings.mapSource).toEqual({ kind: 'pmtiles', pmtilesUrl: 'http://maps.depot.lan:8080/region.pmtiles' });
  });

  it('refuses a URL that is not http(s), not well-formed or carries credentials, naming the field', async () => {
    const cases = [
      [{ kind: 'pmtiles', pmtilesUrl: 'ftp://tiles.example.com/a.pmtiles' }, 'changes.mapSource.pmtilesUrl', 'must start with http:// or https://'],
      [{ kind: 'style', styleUrl: 'tiles.example.com/style.json' }, 'changes.mapSource.styleUrl', 'is not a well-formed URL'],
      [{ kind: 'style', styleUrl: 'https://user:secret@tiles.example.com/style.json' }, 'changes.mapSource.styleUrl', 'must not contain a user name or password'],
      [{ kind: 'pmtiles', pmtilesUrl: '   ' }, 'changes.mapSource.pmtilesUrl', 'is empty'],
    ] as const;
    for (const [mapSource, field, reason] of cases) {
      const refused = await patchMapSource(mapSource);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ error: 'invalid_input', field });
      expect(refused.body.message).toContain(reason);
    }
  });
});
