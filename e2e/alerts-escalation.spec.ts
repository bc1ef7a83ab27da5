import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { AlertRulesResponse } from '../contract/api/alert-rules.ts';
import type { Alert } from '../contract/api/alerts.ts';
import type { CreateWebhookResponse, DeliveryListResponse } from '../contract/api/notifications.ts';
import type { SettingsResponse } from '../contract/api/settings.ts';
import { startFleetCloud, type FleetCloud } from '../server/start-fleet-cloud.ts';
import { MailReceiver, WebhookReceiver } from '../server/test/notification-receivers.ts';
import { apiAs, type Api } from './alert-api.ts';
import { openWorkspace } from './console-helpers.ts';
import { ingest, overspeedFix } from './console-demo-data.ts';
import { patchTenantSettings } from './tenant-settings.ts';
import { expect, shootAllSizes, test } from './fixtures.ts';

/**
 * Issue 11's escalation and rule changes, end to end, against a fleet cloud of this spec's own
 * whose notification clock the test moves (no waiting out real minutes): Maria, owner of
 * Gothenburg Freight, edits the alert rules in the console; real overspeeds come in through
 * ingest; a real webhook receiver (signature checked) and a real SMTP server hear what the
 * rules say they should, and nothing else.
 */
const truck = (n: number) => ({ name: `GF Truck 0${n}`, uniqueId: `35693803564380${n}` });
const tenant = 'Gothenburg Freight AB';
const admin = (page: Page) => page.getByRole('dialog', { name: 'Administration' });

let cloud: FleetCloud;
let dataDir: string;
/** Minutes the fleet cloud's notification clock runs ahead of the wall clock. */
let aheadMs = 0;
const clock = () => Date.now() + aheadMs;
const hooks = new WebhookReceiver(clock);
const mail = new MailReceiver();
let maria: Api;
let webhookId: string;

test.beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fleet-e2e-escalation-'));
  // Escalation is checked every 200 ms on the moved clock: "after 5 minutes" is one clock step.
  cloud = await startFleetCloud({ port: 0, host: '127.0.0.1', dataDir, seedDemo: true, logger: false, notificationClock: clock, escalationEveryMs: 200 });
  const hookUrl = await hooks.listen();
  const smtpPort = await mail.listen();
  // The provider's SMTP server and on-premise webhooks (the admin screens for these have their own spec).
  const operator = await apiAs(cloud.url, 'operator', 'Nordic Fleet Services');
  const provider = await operator<{ version: number }>('GET', '/api/provider/settings');
  await operator('PATCH', '/api/provider/settings', {
    expectedVersion: provider.version,
    changes: { allowPrivateWebhooks: true, smtp: { host: '127.0.0.1', port: smtpPort, security: 'none', username: '', from: 'Fleet alerts <alerts@fleet.test>' } },
  });
  maria = await apiAs(cloud.url, 'maria', tenant);
  // A clean slate: the demo's own open alerts resolved, so each overspeed below opens a new alert
  // (a repeat would only count up an old one) and the inbox rows are ours.
  const active = await maria<{ items: Alert[] }>('GET', '/api/alerts?state=active&limit=1000');
  if (active.items.length > 0) await maria('POST', '/api/alerts/bulk', { actions: active.items.map((a) => ({ alertId: a.id, action: 'resolve', expectedVersion: a.version })) });
  // Only overspeeds raise alerts here: at night (outside the platform's 06–20 allowed hours) each
  // overspeed fix would also open an "ignition outside hours" alert, and what the rules send would
  // depend on the time of day the suite runs.
  const current = await maria<AlertRulesResponse>('GET', '/api/alert-rules');
  const types = { ...current.rules.types, ignition_outside_hours: { ...current.rules.types.ignition_outside_hours, enabled: false } };
  await maria('PUT', '/api/alert-rules', { expectedVersion: current.version, rules: { ...current.rules, types } });
  const created = await maria<CreateWebhookResponse>('POST', '/api/webhooks', { name: 'Dispatch system', url: hookUrl, minSeverity: 'critical' });
  hooks.secret = created.secret;
  webhookId = created.webhook.id;
});

test.afterAll(async () => {
  await hooks.close();
  await mail.close();
  await cloud?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function openRules(page: Page) {
  if (!(await admin(page).isVisible())) await page.getByRole('button', { name: 'Administration' }).click();
  await admin(page).getByRole('navigation', { name: 'Administration sections' }).getByRole('button', { name: 'Alert rules' }).click();
}

/**
 * Saves and waits for THIS save's confirmation: the previous save's toast may still be showing,
 * and an overspeed ingested before the new rules are committed is rightly judged by the old ones.
 */
async function saveRules(page: Page) {
  const { version } = await maria<AlertRulesResponse>('GET', '/api/alert-rules');
  await admin(page).getByRole('button', { name: 'Save alert rules' }).click();
  await expect(admin(page).getByTestId('toaster')).toContainText(new RegExp(`Alert rules saved as version ${version + 1}[.,]`));
}

/** The overspeed alert the fleet cloud raised for a truck (by its vehicle name). */
async function overspeedOf(name: string): Promise<Alert> {
  const devices = await maria<{ items: { id: string; name: string }[] }>('GET', '/api/devices');
  const deviceId = devices.items.find((d) => d.name === name)?.id;
  let alert: Alert | undefined;
  await expect.poll(async () => (alert = (await maria<{ items: Alert[] }>('GET', `/api/alerts?deviceId=${deviceId}&type=overspeed&state=active`)).items[0]) !== undefined).toBe(true);
  return alert as Alert;
}

const webhookCallsFor = (alertId: string) => hooks.calls.filter((c) => (c.body as { alert?: { id?: string } }).alert?.id === alertId);

test.describe.serial('alert rules decide who is told, and when', () => {
  test('an unacknowledged critical alert escalates after N minutes: notified again, assigned, shown in its history', async ({ consolePage: page }) => {
    test.setTimeout(180_000);
    await openWorkspace(page, cloud.url, 'maria', tenant);
    await openRules(page);
    await admin(page).getByLabel('Overspeed: severity').selectOption('critical');
    await admin(page).getByLabel('Notify again and assign when nobody acknowledges').check();
    await admin(page).getByLabel(/^after/).fill('5');
    await admin(page).getByLabel('Escalation: assign to').selectOption({ label: 'Anders Admin' });
    await admin(page).getByLabel('Send alerts by e-mail to').fill('oncall@gothenburg-freight.test');
    await saveRules(page);
    await admin(page).getByRole('button', { name: 'Close administration' }).click();

    // Two trucks speed: both critical, both reach the webhook and the on-call mailbox.
    await ingest(cloud.url, [overspeedFix(truck(3).uniqueId), overspeedFix(truck(4).uniqueId)]);
    const [left, handled] = [await overspeedOf(truck(3).name), await overspeedOf(truck(4).name)];
    for (const alert of [left, handled]) await hooks.waitFor((c) => c.event === 'alert.opened' && (c.body as { alert: { id: string } }).alert.id === alert.id);
    await mail.waitFor((m) => m.raw.includes(`[critical] overspeed - ${truck(3).name}`));

    // The dispatcher acknowledges one of them in the console, in time.
    await page.getByRole('tab', { name: /Alerts/ }).click();
    const panel = page.getByTestId('alerts-panel');
    await panel.locator(`#inbox-row-${handled.id}`).click();
    await panel.getByTestId('alert-detail').getByRole('button', { name: 'Acknowledge' }).click();
    await expect(panel.getByTestId('alert-detail')).toContainText('Acknowledged by Maria Manager');
    await expect.poll(async () => (await overspeedOf(truck(4).name)).status).toBe('acknowledged');
    expect(webhookCallsFor(left.id).map((c) => c.event)).toEqual(['alert.opened']);

    // Six minutes later on the fleet cloud's clock: the other one escalates, once.
    aheadMs += 6 * 60_000;
    const escalated = await hooks.waitFor((c) => c.event === 'alert.escalated');
    expect(escalated.signatureValid).toBe(true);
    expect(escalated.body).toMatchObject({ event: 'alert.escalated', vehicle: { name: truck(3).name }, alert: { id: left.id, assignee: { displayName: 'Anders Admin' } } });
    const escalationMail = await mail.waitFor((m) => m.raw.includes(truck(3).name) && /escalat/i.test(m.raw));
    expect(escalationMail.to).toEqual(['oncall@gothenburg-freight.test']);
    // The acknowledged one was in the same check (same opening minute) and stays as it was.
    expect((await overspeedOf(truck(4).name)).escalatedAt ?? null).toBeNull();
    expect(webhookCallsFor(handled.id).map((c) => c.event)).toEqual(['alert.opened']);

    // The console shows it: escalated, assigned, and the step in the alert's history.
    await panel.locator(`#inbox-row-${left.id}`).click();
    const detail = panel.getByTestId('alert-detail');
    await expect(detail).toContainText('escalated');
    await expect(detail).toContainText('assigned to Anders Admin');
    await expect(detail).toContainText('Escalated: not acknowledged within 5 min; assigned to Anders Admin.');
    await shootAllSizes(page, 'alert-escalated');
  });

  test('changing a rule changes which notifications are sent (severity, quiet hours)', async ({ consolePage: page }) => {
    test.setTimeout(180_000);
    await openWorkspace(page, cloud.url, 'maria', tenant);
    // 1. Overspeed is only a warning: below the webhook's "critical or worse", so nobody is called.
    await openRules(page);
    await admin(page).getByLabel('Overspeed: severity').selectOption('warning');
    await saveRules(page);
    await ingest(cloud.url, [overspeedFix(truck(1).uniqueId)]);
    const warning = await overspeedOf(truck(1).name);
    expect(warning.severity).toBe('warning');

    // 2. Critical again, but inside quiet hours (an hour either side of now, in the account's time zone): listed, disturbing nobody.
    const { settings } = await maria<SettingsResponse>('GET', '/api/settings');
    const hhmm = (ms: number) => new Intl.DateTimeFormat('en-GB', { timeZone: settings.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
    await admin(page).getByLabel('Overspeed: severity').selectOption('critical');
    await admin(page).getByLabel('Overspeed: quiet hours').check();
    await admin(page).getByLabel('Overspeed: quiet from').fill(hhmm(Date.now() - 3600_000));
    await admin(page).getByLabel('Overspeed: quiet until').fill(hhmm(Date.now() + 3600_000));
    await saveRules(page);
    await ingest(cloud.url, [overspeedFix(truck(2).uniqueId)]);
    const quiet = await overspeedOf(truck(2).name);
    expect(quiet).toMatchObject({ severity: 'critical', quiet: true });

    // 3. Quiet hours off: the next overspeed is called in and mailed.
    await admin(page).getByLabel('Overspeed: quiet hours').uncheck();
    await saveRules(page);
    await ingest(cloud.url, [overspeedFix(truck(5).uniqueId)]);
    const loud = await overspeedOf(truck(5).name);
    const call = await hooks.waitFor((c) => c.event === 'alert.opened' && (c.body as { alert: { id: string } }).alert.id === loud.id);
    expect(call.signatureValid).toBe(true);
    await mail.waitFor((m) => m.raw.includes(`[critical] overspeed - ${truck(5).name}`));

    // The outbox is worked in order: by now the two earlier alerts were expanded, into nothing.
    const log = await maria<DeliveryListResponse>('GET', `/api/notifications/deliveries?webhookId=${webhookId}`);
    const notified = new Set(log.items.map((d) => d.alertId));
    expect(notified.has(loud.id)).toBe(true);
    expect(notified.has(warning.id)).toBe(false);
    expect(notified.has(quiet.id)).toBe(false);
    expect(webhookCallsFor(warning.id)).toEqual([]);
    expect(webhookCallsFor(quiet.id)).toEqual([]);
    expect(mail.mails.some((m) => m.raw.includes(truck(1).name) || m.raw.includes(truck(2).name))).toBe(false);
    await shootAllSizes(page, 'alert-rules-quiet');
  });

  test('a miles account reads its alerts in mph, in the inbox and in the e-mail', async ({ consolePage: page }) => {
    // The fleet cloud stores speeds in km/h; the account's units decide how they are written.
    await patchTenantSettings(cloud.url, 'maria', tenant, { distanceUnit: 'mi', locale: 'en-US', timeZone: 'America/New_York' });
    await ingest(cloud.url, [overspeedFix(truck(6).uniqueId)]);
    const alert = await overspeedOf(truck(6).name);
    const mailed = await mail.waitFor((m) => m.raw.includes(`[critical] overspeed - ${truck(6).name}`));
    expect(mailed.raw).toContain('Speed 80 mph, limit 56 mph');
    expect(mailed.raw).not.toContain('km/h');

    await openWorkspace(page, cloud.url, 'maria', tenant);
    await page.getByRole('tab', { name: /Alerts/ }).click();
    const panel = page.getByTestId('alerts-panel');
    await expect(panel.locator(`#inbox-row-${alert.id}`)).toContainText('Speed 80 mph, limit 56 mph');
    await panel.locator(`#inbox-row-${alert.id}`).click();
    await expect(panel.getByTestId('alert-detail')).toContainText('Speed 80 mph, limit 56 mph');
    await expect(panel.getByText(/km\/h/)).toHaveCount(0);
  });
});
