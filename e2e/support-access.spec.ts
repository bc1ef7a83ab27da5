import type { Page } from '@playwright/test';
import pg from 'pg';
import { demoTenants } from '../demo/demo-accounts.ts';
import { openWorkspace } from './console-helpers.ts';
import { expect, shootAllSizes, test } from './fixtures.ts';

/**
 * Issue 14, item 4: a tenant owner grants support access, the operator opens the account
 * read-only (a write is refused with the reason), the owner sees support's actions in the
 * audit log, and the grant expires — the test moves it 73 hours into the past in the database
 * (time passing for that one row, no sleeping) and the session ends.
 */
const admin = (page: Page) => page.getByRole('dialog', { name: 'Administration' });
const freight = demoTenants.gothenburgFreight.name;

async function openAdmin(page: Page, section: string) {
  if (!(await admin(page).isVisible())) await page.getByRole('button', { name: 'Administration' }).click();
  await page.getByRole('navigation', { name: 'Administration sections' }).getByRole('button', { name: section }).click();
}

async function signOut(page: Page) {
  await admin(page).getByRole('button', { name: 'Close administration' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
}

/** Ages every active grant of the account by 73 hours, as the database's owner. */
async function ageGrants(tenantId: string): Promise<void> {
  const url = process.env.FLEET_OWNER_DATABASE_URL;
  if (!url) throw new Error('FLEET_OWNER_DATABASE_URL is not set: global-setup did not export the owner connection.');
  const owner = new pg.Client({ connectionString: url });
  await owner.connect();
  try {
    await owner.query("UPDATE support_grants SET granted_at = granted_at - interval '73 hours', expires_at = expires_at - interval '73 hours' WHERE tenant_id = $1 AND revoked_at IS NULL AND expires_at > now()", [tenantId]);
  } finally {
    await owner.end();
  }
}

test('an owner grants support read-only access, the operator works under it, the owner sees it in the audit log, and it expires', async ({ consolePage: page, serverUrl }) => {
  test.setTimeout(process.env.SHOTS_DIR ? 400_000 : 150_000);

  // The owner grants two hours, read-only, for the whole account.
  await openWorkspace(page, serverUrl, 'maria', freight);
  await openAdmin(page, 'Support access');
  const access = admin(page).getByRole('region', { name: 'Support access' });
  await expect(access.getByText('Support has no access to this account.')).toBeVisible();
  await access.getByLabel('For how many hours').fill('73');
  await expect(access.getByText('Between 1 and 72 whole hours.')).toBeVisible();
  await expect(access.getByRole('button', { name: 'Grant support access' })).toBeDisabled();
  await access.getByLabel('For how many hours').fill('2');
  await access.getByLabel('Note for support (optional)').fill('Ticket 4711: trucks not reporting');
  await access.getByRole('button', { name: 'Grant support access' }).click();
  const active = access.getByRole('table', { name: 'Active support access' });
  await expect(active.getByRole('row', { name: /read-only.*All groups.*Maria Manager/ })).toBeVisible();
  await shootAllSizes(page, 'support-access-owner');
  await signOut(page);

  // The operator finds the account among those that grant access and opens it read-only.
  await openWorkspace(page, serverUrl, 'operator', 'Nordic Fleet Services');
  await openAdmin(page, 'Support sessions');
  const sessions = admin(page).getByRole('region', { name: 'Support sessions' });
  const row = sessions.getByRole('row', { name: new RegExp(freight) });
  await expect(row).toContainText('read-only');
  await expect(sessions.getByRole('row', { name: /Harbour Taxi/ })).toHaveCount(0);
  await row.getByRole('button', { name: 'Open read-only' }).click();
  const banner = sessions.getByRole('status', { name: 'Support session' });
  await expect(banner).toContainText(new RegExp(`Support session for ${freight}, read-only, expires in 1 h 5\\d min`));
  const vehicles = sessions.getByRole('table', { name: `Vehicles of ${freight}` });
  await expect(vehicles.getByRole('row', { name: /GF Truck 01/ })).toBeVisible();

  // A write is refused, and the console says why.
  const truck = vehicles.getByRole('row', { name: /GF Truck 01/ });
  await truck.getByRole('button', { name: 'Rename' }).click();
  await vehicles.getByLabel('New name for GF Truck 01').fill('Renamed by support');
  await vehicles.getByRole('button', { name: 'Save' }).click();
  await expect(sessions.getByRole('alert')).toContainText('This support session is read-only');
  await shootAllSizes(page, 'support-session-operator');

  // Time passes for the grant: the next request of the session is refused and the view says it ended.
  await ageGrants(demoTenants.gothenburgFreight.id);
  await sessions.getByRole('button', { name: 'Cancel' }).click();
  await sessions.getByRole('button', { name: 'Refresh' }).click();
  await expect(banner).toContainText(`Support session for ${freight} has ended`);
  await expect(sessions.getByText('The support access has expired. The support session has ended.')).toBeVisible();
  await expect(vehicles).toHaveCount(0);
  await shootAllSizes(page, 'support-session-ended');
  await banner.getByRole('button', { name: 'Back to support sessions' }).click();
  await expect(sessions.getByText('No account grants support access at the moment.')).toBeVisible();
  await signOut(page);

  // The owner sees what support did, marked as the provider's, and the grant as expired.
  await openWorkspace(page, serverUrl, 'maria', freight);
  await openAdmin(page, 'Audit log');
  const audit = admin(page).getByRole('region', { name: 'Audit log' });
  await audit.getByLabel('Show').selectOption({ label: 'Support access' });
  await expect(audit.getByRole('row', { name: /Olivia Operator \(provider support\).*support\.read.*GET \/api\/devices/ }).first()).toBeVisible();
  await expect(audit.getByRole('row', { name: /Olivia Operator \(provider support\).*support\.open/ })).toBeVisible();
  await expect(audit.getByRole('row', { name: /Maria Manager.*support\.grant/ })).toBeVisible();
  await shootAllSizes(page, 'support-audit-owner');
  await openAdmin(page, 'Support access');
  await expect(access.getByRole('table', { name: 'Ended support access' }).getByRole('row', { name: /read-only.*Expired/ })).toBeVisible();
});
