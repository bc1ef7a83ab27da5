import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { MailReceiver, WebhookReceiver } from '../server/test/notification-receivers.ts';
import { openWorkspace } from './console-helpers.ts';
import { ingest, overspeedFix } from './console-demo-data.ts';
import { expect, showTheme, test } from './fixtures.ts';

/**
 * Issue 11's admin screens end to end, with real receivers in this process: the operator points
 * the fleet cloud at an SMTP server and allows on-premise webhooks; Harbour Taxi's admin adds a
 * webhook (a bad URL is refused under the field), makes overspeed critical and e-mails it, and
 * saves a rule that never fires (flagged in words). A real overspeed then reaches the webhook,
 * signed, and the mailbox. Harbour Taxi is no other spec's account, so its rules are ours.
 */
const taxi = { name: 'Taxi 105', uniqueId: '861234050000105' };
const admin = (page: Page) => page.getByRole('dialog', { name: 'Administration' });
/** The newest toast (confirmations are role=status, failures role=alert). */
const toast = (page: Page) => admin(page).getByTestId('toaster').locator('.toast').last();

/** SHOTS_DIR when reviewing screens, else the screenshots folder beside the specs. */
const shots = process.env.SHOTS_DIR ?? join(import.meta.dirname, 'screenshots');

/** The admin screen at three window sizes in both themes. */
async function shootAll(page: Page, name: string) {
  mkdirSync(shots, { recursive: true });
  for (const theme of ['dark', 'light'] as const) {
    await showTheme(page, theme);
    for (const [w, h] of [[1920, 1080], [1280, 800], [1024, 640]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: join(shots, `${name}-${theme}-${w}x${h}.png`) });
    }
  }
  await showTheme(page, 'dark');
  await page.setViewportSize({ width: 1440, height: 900 });
}

async function openSection(page: Page, section: string) {
  if (!(await admin(page).isVisible())) await page.getByRole('button', { name: 'Administration' }).click();
  await admin(page).getByRole('navigation', { name: 'Administration sections' }).getByRole('button', { name: section }).click();
}

test('admin screens decide who hears about an alert: webhook signed, e-mail received, a never-firing rule flagged', async ({ consolePage: page, serverUrl }) => {
  test.setTimeout(300_000);
  const hooks = new WebhookReceiver();
  const mail = new MailReceiver();
  const hookUrl = await hooks.listen();
  const smtpPort = await mail.listen();
  try {
    // 1. The operator: the SMTP server and on-premise webhooks; the mail backlog shows.
    await openWorkspace(page, serverUrl, 'operator', 'Nordic Fleet Services');
    await openSection(page, 'E-mail and webhooks');
    const email = admin(page).getByRole('form', { name: 'E-mail server' });
    await email.getByLabel('Send e-mail through an SMTP server').check();
    await email.getByLabel('Server', { exact: true }).fill('127.0.0.1');
    await email.getByLabel('Port', { exact: true }).fill(String(smtpPort));
    await email.getByLabel('Security').selectOption('none');
    await email.getByLabel('Sender', { exact: true }).fill('Fleet alerts <alerts@fleet.test>');
    await email.getByLabel(/Let webhooks call private/).check();
    await email.getByRole('button', { name: 'Save e-mail settings' }).click();
    await expect(toast(page)).toContainText(/E-mail and webhook settings saved as version \d+/);
    await expect(admin(page).getByRole('region', { name: 'Mail backlog' })).toBeVisible();
    await shootAll(page, 'admin-email');
    await admin(page).getByRole('button', { name: 'Close administration' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();

    // 2. Harbour Taxi's admin adds a webhook; a malformed URL is refused under the field.
    await openWorkspace(page, serverUrl, 'maria', 'Harbour Taxi');
    await openSection(page, 'Webhooks');
    const add = admin(page).getByRole('form', { name: 'Add a webhook' });
    await add.getByLabel('Name', { exact: true }).fill('Taxi dispatch');
    await add.getByLabel('Receiver URL').fill('ftp://dispatch.example.com/hook');
    await add.getByRole('button', { name: 'Add webhook' }).click();
    await expect(add.getByText('The URL must start with http:// or https://.')).toBeVisible();
    await add.getByLabel('Receiver URL').fill(hookUrl);
    await add.getByRole('button', { name: 'Add webhook' }).click();
    await expect(toast(page)).toContainText('Webhook “Taxi dispatch” added');
    hooks.secret = (await admin(page).getByTestId('webhook-secret').locator('code').textContent()) ?? '';
    expect(hooks.secret.length).toBeGreaterThan(20);
    const row = admin(page).getByTestId('webhook-row').filter({ hasText: 'Taxi dispatch' });
    await row.getByRole('button', { name: 'Send test' }).click();
    await expect(admin(page).getByTestId('toaster').getByText(/Test call to “Taxi dispatch” answered 204/)).toBeVisible();
    expect((await hooks.waitFor((c) => c.event === 'webhook.test' && c.signatureValid)).body).toMatchObject({ event: 'webhook.test' });
    await expect(admin(page).getByRole('region', { name: 'Deliveries to “Taxi dispatch”' }).getByTestId('delivery-row').first()).toContainText('Delivered');
    await shootAll(page, 'admin-webhooks');

    // 3. Alert rules: overspeed critical and e-mailed; low battery limited to no group is flagged.
    await openSection(page, 'Alert rules');
    await admin(page).getByLabel('Overspeed: severity').selectOption('critical');
    const lowBattery = admin(page).getByTestId('rule-low_battery');
    await lowBattery.getByLabel('Low battery: groups').click();
    await lowBattery.getByLabel('All vehicles').uncheck();
    await admin(page).getByLabel('Send alerts by e-mail to').fill('oncall@harbour.test');
    await admin(page).getByRole('button', { name: 'Save alert rules' }).click();
    await expect(toast(page)).toContainText(/Alert rules saved as version \d+, with 1 that never fires/);
    await expect(lowBattery).toContainText('“Low battery” applies to no group, so it never fires.');
    await shootAll(page, 'admin-alert-rules');

    // 4. A real overspeed: critical now, so the webhook (warning or worse) and the e-mail (critical) both get it.
    await ingest(serverUrl, [overspeedFix(taxi.uniqueId)]);
    // The overspeed's call: at night (outside the platform's 06–20 allowed hours) the same fix also
    // opens an "ignition outside hours" warning, which the webhook hears too.
    const call = await hooks.waitFor((c) => c.event === 'alert.opened' && (c.body as { alert: { type: string } }).alert.type === 'overspeed');
    expect(call.signatureValid).toBe(true);
    expect(call.body).toMatchObject({ event: 'alert.opened', vehicle: { name: taxi.name }, alert: { type: 'overspeed', severity: 'critical' } });
    const received = await mail.waitFor((m) => m.to.includes('oncall@harbour.test') && m.raw.includes('overspeed'));
    expect(received.raw).toContain(`[critical] overspeed - ${taxi.name}`);
  } finally {
    await hooks.close();
    await mail.close();
  }
});
