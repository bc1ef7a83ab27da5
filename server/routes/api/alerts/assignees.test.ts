import { describe, expect, it } from 'vitest';
import { useTestFleet } from '../../../test/use-test-fleet.ts';
import type { AssigneeListResponse } from '../../../../contract/api/alerts.ts';
import type { ApiErrorBody } from '../../../../contract/api/errors.ts';
import { demoAccounts, demoTenants } from '../../../../demo/demo-accounts.ts';
import { accessTokenFor, bearer } from '../../../test/test-fleet.ts';

const suite = useTestFleet();


describe('GET /api/alerts/assignees', () => {
  it('lets a dispatcher list the people of their tenant who handle alerts, id and name only', async () => {
    const erik = await accessTokenFor(suite.fleet.app, 'erik', demoTenants.gothenburgFreight.id);
    const response = await suite.fleet.app.inject({ url: '/api/alerts/assignees', headers: bearer(erik) });
    expect(response.statusCode, response.body).toBe(200);
    const { items } = response.json<AssigneeListResponse>();
    const names = items.map((i) => i.displayName);
    // Owner, admin and dispatcher of Gothenburg Freight; never the viewer, never another tenant's people.
    expect(names).toEqual(expect.arrayContaining(['Erik Dispatcher', 'Anders Admin']));
    expect(items.map((i) => i.id)).not.toContain(demoAccounts.vera.id);
    expect(items.map((i) => i.id)).not.toContain(demoAccounts.sofia.id);
    expect(items.map((i) => i.id)).not.toContain(demoAccounts.viktor.id);
    for (const item of items) expect(Object.keys(item).sort()).toEqual(['displayName', 'id']);
    expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
  });

  it('refuses a viewer with a 403 naming the permission', async () => {
    const viktor = await accessTokenFor(suite.fleet.app, 'viktor', demoTenants.harbourTaxi.id);
    const response = await suite.fleet.app.inject({ url: '/api/alerts/assignees', headers: bearer(viktor) });
    expect(response.statusCode).toBe(403);
    expect(response.json<ApiErrorBody>().message).toContain('needs permission alerts.handle');
  });
});
