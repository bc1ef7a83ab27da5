import type { Group } from '../contract/api/groups.ts';
import { openWorkspace } from './console-helpers.ts';
import { demoPassword, expect, test } from './fixtures.ts';
import { apiAs } from './alert-api.ts';

/** States that tell the truth (issue 12): who sees nothing is told why; the operator lands where their work is. */
const run = Date.now().toString(36);

test('a dispatcher limited to a group without vehicles is told exactly that, not "no vehicles yet"', async ({ consolePage: page, serverUrl }) => {
  test.setTimeout(120_000);
  const owner = await apiAs(serverUrl, 'maria', 'Gothenburg Freight AB');
  const group = await owner<Group>('POST', '/api/groups', { name: `Empty yard ${run}` });
  const username = `yard-${run}`;
  await owner('POST', '/api/users', { username, displayName: 'Yard Dispatcher', password: demoPassword, role: 'dispatcher', groupIds: [group.id] });

  await openWorkspace(page, serverUrl, username, 'Gothenburg Freight AB');
  const empty = page.getByTestId('fleet-empty');
  await expect(empty).toContainText('No vehicles in your groups');
  await expect(empty).toContainText('Ask an administrator to add vehicles to your groups');
  await expect(empty).not.toContainText('yet');
  await expect(page.getByTestId('connection-state')).toBeVisible();
});

test('the provider’s operator lands on Administration', async ({ consolePage: page, serverUrl }) => {
  await openWorkspace(page, serverUrl, 'operator', 'Nordic Fleet Services');
  const admin = page.getByRole('dialog', { name: 'Administration' });
  await expect(admin).toBeVisible();
  await expect(admin.getByRole('navigation', { name: 'Administration sections' })).toBeVisible();
  // Closing it shows the console behind, with the way back.
  await admin.getByRole('button', { name: 'Close administration' }).click();
  await expect(page.getByRole('button', { name: 'Administration' })).toBeVisible();
});
