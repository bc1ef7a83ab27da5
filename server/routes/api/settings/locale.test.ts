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

async function patch(changes: object) {
  const response = await suite.fleet.app.inject({ method: 'PATCH', url: '/api/settings', headers: bearer(admin), payload: { changes } });
  return { status: response.statusCode, body: response.json<SettingsResponse & ApiErrorBody>() };
}

describe('the locale setting', () => {
  it('defaults for a tenant that never set it and stores a language tag', async () => {
    const before = await suite.fleet.app.inject({ method: 'GET', url: '/api/settings', headers: bearer(admin) });
    expect(before.json<SettingsResponse>().settings.locale).toBe('en-GB');
    const saved = await patch({ locale: 'sv-SE' });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.settings.locale).toBe('sv-SE');
  });

  it('refuses a tag that is not a canonical BCP 47 tag, naming the field and the reason code', async () => {
    for (const locale of ['Swedish', 'sv_SE', 'sv-se']) {
      const refused = await patch({ locale });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ error: 'invalid_input', field: 'changes.locale', reason: 'locale-unknown', params: { locale } });
    }
  });

  it('words an unknown time zone as a code with the zone as parameter', async () => {
    const refused = await patch({ timeZone: 'Stockholm' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ field: 'changes.timeZone', reason: 'time-zone-unknown', params: { timeZone: 'Stockholm' } });
  });
});
