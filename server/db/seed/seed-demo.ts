import type pg from 'pg';
import { hashPassword } from '../../auth/password.ts';
import { demoAccounts, demoTenants, type DemoTenant } from '../../../demo/demo-accounts.ts';
import { demoDevices, demoGroups } from '../../../demo/demo-fleet.ts';
import { demoDeviceSecret, demoUnits } from '../../../demo/demo-registry.ts';

/**
 * Inserts the demo world; safe to run on every start. Rows have stable ids, so existing rows are
 * left alone, except the demo devices' last reports, which are re-stamped relative to now so
 * the demo shows moving, stopped, offline and unknown vehicles however old the database is.
 *
 * Runs on the owner connection. Tenant tables FORCE row-level security, which binds the owner
 * too, so each tenant's rows are written in a transaction scoped to that tenant.
 */
export async function seedDemo(client: pg.ClientBase): Promise<void> {
  await seedUsers(client);
  for (const tenant of Object.values(demoTenants)) {
    await inTenant(client, tenant.id, () => seedTenant(client, tenant));
  }
  // The registry is the provider's: its rows pass RLS only in the provider's transaction.
  await inTenant(client, demoTenants.nordicFleetServices.id, () => seedRegistry(client));
}

async function inTenant(client: pg.ClientBase, tenantId: string, work: () => Promise<void>): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
    await work();
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

async function seedRegistry(client: pg.ClientBase): Promise<void> {
  for (const unit of demoUnits) {
    // ON CONFLICT without a target: a database migrated from before the registry already has
    // these units (backfilled under other ids), and they stay as they are.
    const inserted = await client.query(
      `INSERT INTO registry_devices (id, unique_id, model, secret_hash, assigned_tenant_id, assigned_device_id)
       VALUES ($1, $2, $3, sha256(convert_to($4, 'UTF8')), $5, $6) ON CONFLICT DO NOTHING`,
      [unit.id, unit.uniqueId, unit.model, demoDeviceSecret(unit.uniqueId), unit.tenantId, unit.deviceId],
    );
    if (inserted.rowCount && unit.tenantId) {
      await client.query(
        `INSERT INTO device_assignments (registry_device_id, assigned_tenant_id, assigned_device_id, assigned_at)
         VALUES ($1, $2, $3, now() - interval '90 days')`,
        [unit.id, unit.tenantId, unit.deviceId],
      );
    }
  }
}

async function seedUsers(client: pg.ClientBase): Promise<void> {
  for (const user of Object.values(demoAccounts)) {
    const exists = await client.query('SELECT 1 FROM users WHERE id = $1', [user.id]);
    if (exists.rowCount) continue;
    await client.query(
      `INSERT INTO users (id, username, display_name, password_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [user.id, user.username, user.displayName, await hashPassword(user.password)],
    );
  }
}

async function seedTenant(client: pg.ClientBase, tenant: DemoTenant): Promise<void> {
  // Demo accounts log reports without a key rather than refuse them (migration 040): the demo
  // units' keys are public (demoDeviceSecret), and tools that drive the demo fleet need none.
  await client.query("INSERT INTO tenants (id, name, kind, device_auth) VALUES ($1, $2, $3, 'log') ON CONFLICT DO NOTHING", [
    tenant.id,
    tenant.name,
    tenant.kind,
  ]);
  for (const group of Object.values(demoGroups).filter((g) => g.tenant === tenant)) {
    await client.query('INSERT INTO groups (tenant_id, id, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
      tenant.id,
      group.id,
      group.name,
    ]);
  }
  for (const user of Object.values(demoAccounts)) {
    for (const membership of user.memberships.filter((m) => m.tenant === tenant)) {
      await client.query('INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
        tenant.id,
        user.id,
        membership.role,
      ]);
      for (const key of membership.groupKeys ?? []) {
        const scope = (demoGroups as Record<string, (typeof demoGroups)[keyof typeof demoGroups] | undefined>)[key];
        if (!scope) throw new Error(`Demo membership of ${user.username} names unknown group ${key}`);
        await client.query('INSERT INTO membership_groups (tenant_id, user_id, group_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
          tenant.id,
          user.id,
          scope.id,
        ]);
      }
    }
  }
  for (const device of demoDevices.filter((d) => d.tenant === tenant)) {
    const report = device.report;
    await client.query(
      `INSERT INTO devices (tenant_id, id, unique_id, name, plate, vehicle_type, group_id,
                            last_seen_at, fix_time, latitude, longitude, speed_kmh, course)
       VALUES ($1, $2, $3, $4, $5, $6, $7,
               now() - make_interval(secs => $8), now() - make_interval(secs => $8), $9, $10, $11, $12)
       ON CONFLICT (tenant_id, id) DO UPDATE SET
         last_seen_at = EXCLUDED.last_seen_at, fix_time = EXCLUDED.fix_time, latitude = EXCLUDED.latitude,
         longitude = EXCLUDED.longitude, speed_kmh = EXCLUDED.speed_kmh, course = EXCLUDED.course`,
      [
        tenant.id,
        device.id,
        device.uniqueId,
        device.name,
        device.plate,
        device.vehicleType,
        device.group?.id ?? null,
        report?.secondsAgo ?? null,
        report?.latitude ?? null,
        report?.longitude ?? null,
        report?.speedKmh ?? null,
        report?.course ?? null,
      ],
    );
  }
}
