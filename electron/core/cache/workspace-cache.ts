import type { Device } from '../../../contract/api/devices.ts';
import type { Geofence } from '../../../contract/api/geofences.ts';
import type { SettingsResponse } from '../../../contract/api/settings.ts';
import type { DeviceHealth } from '../../../contract/api/telemetry.ts';
import { CacheDb } from './cache-db.ts';

type Writer = CacheDb['writer'];

/**
 * One workspace's offline cache: the SQLite file plus the small repositories that do not need
 * a file of their own. Hot paths (positions, trips, alerts) live in *-store.ts beside it.
 */
export class WorkspaceCache {
  readonly db: CacheDb;

  constructor(file: string) {
    this.db = new CacheDb(file);
  }

  getState(key: string): string | null {
    const row = this.db.reader.prepare('SELECT value FROM sync_state WHERE key = ?').get(key);
    return row ? (row.value as string) : null;
  }

  /** Inside a write transaction: the cursor is stored together with the data it covers. */
  static setState(db: Writer, key: string, value: string | null): void {
    if (value === null) db.prepare('DELETE FROM sync_state WHERE key = ?').run(key);
    else db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  static replaceDevices(db: Writer, devices: Device[]): void {
    db.exec('DELETE FROM devices');
    const insert = db.prepare('INSERT INTO devices (id, name, json) VALUES (?, ?, ?)');
    for (const device of devices) insert.run(device.id, device.name, JSON.stringify(device));
  }

  devices(): Device[] {
    return this.db.reader.prepare('SELECT json FROM devices ORDER BY name COLLATE NOCASE').all().map((r) => JSON.parse(r.json as string) as Device);
  }

  static putSettings(db: Writer, settings: SettingsResponse): void {
    db.prepare('INSERT INTO tenant_settings (id, version, json) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version, json = excluded.json').run(settings.version, JSON.stringify(settings));
  }

  settings(): SettingsResponse | null {
    const row = this.db.reader.prepare('SELECT json FROM tenant_settings WHERE id = 1').get();
    return row ? (JSON.parse(row.json as string) as SettingsResponse) : null;
  }

  static upsertGeofences(db: Writer, geofences: Geofence[]): void {
    const upsert = db.prepare('INSERT INTO geofences (id, json) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json');
    for (const g of geofences) upsert.run(g.id, JSON.stringify(g));
  }

  static removeRows(db: Writer, table: 'geofences' | 'device_health', ids: string[]): void {
    const column = table === 'device_health' ? 'device_id' : 'id';
    const remove = db.prepare(`DELETE FROM ${table} WHERE ${column} = ?`);
    for (const id of ids) remove.run(id);
  }

  geofences(): Geofence[] {
    return this.db.reader.prepare('SELECT json FROM geofences').all().map((r) => JSON.parse(r.json as string) as Geofence).sort((a, b) => a.name.localeCompare(b.name));
  }

  static upsertHealth(db: Writer, items: DeviceHealth[]): void {
    const upsert = db.prepare('INSERT INTO device_health (device_id, json) VALUES (?, ?) ON CONFLICT (device_id) DO UPDATE SET json = excluded.json');
    for (const h of items) upsert.run(h.deviceId, JSON.stringify(h));
  }

  health(deviceId: string): DeviceHealth | null {
    const row = this.db.reader.prepare('SELECT json FROM device_health WHERE device_id = ?').get(deviceId);
    return row ? (JSON.parse(row.json as string) as DeviceHealth) : null;
  }

  close(): void {
    this.db.close();
  }
}
