import { jumpTo, renderedNames, waitForMapIdle } from './basemap-helpers.ts';
import { openWorkspace, waitForMapPaint } from './console-helpers.ts';
import { expect, screenshot, test } from './fixtures.ts';

const gothenburg: [number, number] = [11.9746, 57.7089];

test('the shipped basemap draws street and place names with no network beyond the console and its fleet cloud', async ({ consolePage: page, serverUrl }) => {
  const hosts = new Set<string>();
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol.startsWith('http') || url.protocol.startsWith('ws')) hosts.add(url.hostname);
  });
  await openWorkspace(page, serverUrl, 'erik', 'Gothenburg Freight AB');
  await waitForMapPaint(page);
  await expect(page.getByText('© OpenStreetMap contributors (ODbL)')).toBeVisible();
  await expect(page.getByText('GeoNames (CC BY 4.0)')).toBeVisible();

  // Street zoom at the city centre: street names along the roads.
  await jumpTo(page, gothenburg, 15.5);
  const streets = await renderedNames(page, ['road-labels-major', 'road-labels-minor']);
  expect(streets.length, 'street-name labels near the centre').toBeGreaterThan(3);
  expect(streets).toEqual(expect.arrayContaining([expect.stringMatching(/gatan|vägen|leden|torget/)]));
  await screenshot(page, 'basemap-street-names');

  // City zoom: the city and its districts by name.
  await jumpTo(page, gothenburg, 11.5);
  const places = await renderedNames(page, ['places', 'places-suburb', 'places-world'], 500);
  expect(places).toContain('Göteborg');
  await waitForMapIdle(page);

  expect([...hosts].every((host) => host === '127.0.0.1' || host === 'localhost'), [...hosts].join(', ')).toBe(true);
});
