/**
 * Tenant export (decision 0250): one account with 1,000,000 positions (`BENCH_POSITIONS` to
 * change it) exported through the real HTTP route, read by a client that counts the bytes and
 * writes it to disk as a browser does. Prints rows and bytes per second, the ZIP's size, the process's peak RSS (server and client are one process here)
 * while it streams (sampled every 50 ms: streaming keeps it flat, whatever the table's size),
 * the manifest's positions count against the database's, and the load average.
 * Run: npm run bench:export
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { open, type Entry, type ZipFile } from 'yauzl';
import type { ExportManifest, StartedExport } from '../contract/api/lifecycle.ts';
import { demoTenants } from '../demo/demo-accounts.ts';
import { accessTokenFor, bearer, createTestFleet } from '../server/test/test-fleet.ts';
import { startTestPostgres } from '../server/test/test-postgres.ts';

const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const positions = Number(process.env.BENCH_POSITIONS ?? 1_000_000);
const tenant = demoTenants.gothenburgFreight;

/** manifest.json of a ZIP on disk, read alone (yauzl reads the central directory, then that entry). */
async function manifestOf(file: string): Promise<ExportManifest> {
  const zip = await new Promise<ZipFile>((resolve, reject) => open(file, { lazyEntries: true }, (error, z) => (error ? reject(error) : resolve(z))));
  return new Promise((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => reject(new Error('no manifest.json')));
    zip.on('entry', (entry: Entry) => {
      if (entry.fileName !== 'manifest.json') return zip.readEntry();
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => (zip.close(), resolve(JSON.parse(Buffer.concat(chunks).toString()) as ExportManifest)));
      });
    });
    zip.readEntry();
  });
}

console.log(`load average at start: ${load()}`);
const postgres = await startTestPostgres();
const fleet = await createTestFleet(postgres);
try {
  const owner = new pg.Client({ connectionString: fleet.ownerUrl });
  await owner.connect();
  let t = performance.now();
  // Ten vehicles of the account, a fix every second per vehicle, over the days before now.
  const devices = (await owner.query<{ id: string }>('SELECT id FROM devices WHERE tenant_id = $1 ORDER BY id LIMIT 10', [tenant.id])).rows.map((r) => r.id);
  const perDevice = Math.ceil(positions / devices.length);
  const start = Date.now() - (perDevice + 60) * 1000;
  for (let day = Math.floor(start / 86_400_000); day <= Math.floor(Date.now() / 86_400_000) + 1; day++) {
    await owner.query('SELECT monitoring_ensure_positions_partition($1::date)', [new Date(day * 86_400_000).toISOString().slice(0, 10)]);
  }
  await owner.query(
    `INSERT INTO positions (tenant_id, device_id, fix_time, latitude, longitude, speed_kmh, course, attributes)
     SELECT $1, d, to_timestamp($3::float8 / 1000 + i), 57.7 + i * 1e-6, 11.97, 40, 90, '{"sat": 9, "note": "bench, \\"quoted\\""}'::jsonb
       FROM unnest($2::uuid[]) AS d CROSS JOIN generate_series(0, $4 - 1) AS i`,
    [tenant.id, devices, start, perDevice],
  );
  await owner.query('ANALYZE positions');
  const inDb = (await owner.query<{ n: number }>('SELECT count(*)::int AS n FROM positions WHERE tenant_id = $1', [tenant.id])).rows[0]?.n ?? 0;
  await owner.end();
  console.log(`filled ${inDb.toLocaleString('en')} positions in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const address = await fleet.app.listen({ port: 0, host: '127.0.0.1' });
  const operator = await accessTokenFor(fleet.app, 'operator', demoTenants.nordicFleetServices.id);
  const started = (await fleet.app.inject({ method: 'POST', url: `/api/tenants/${tenant.id}/exports`, headers: bearer(operator) })).json<StartedExport>();
  const baseRss = process.memoryUsage().rss;
  let peakRss = baseRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  t = performance.now();
  const response = await fetch(`${address}${started.downloadPath}`);
  if (!response.ok || !response.body) throw new Error(`download: ${response.status}`);
  // To disk, as a browser's download does: the process holds chunks, never the archive.
  const dir = await mkdtemp(join(tmpdir(), 'export-bench-'));
  const file = join(dir, 'export.zip');
  await pipeline(Readable.fromWeb(response.body), createWriteStream(file));
  const seconds = (performance.now() - t) / 1000;
  clearInterval(sampler);
  const size = (await stat(file)).size;
  // The export's row is finished just after the last byte went out.
  const read = async () => (await fleet.app.inject({ url: `/api/tenants/${tenant.id}/exports/${started.export.id}`, headers: bearer(operator) })).json<{ rowsWritten: number; bytesWritten: number; state: string }>();
  let progress = await read();
  for (let i = 0; i < 100 && progress.state === 'running'; i++) progress = await new Promise((resolve) => setTimeout(() => resolve(read()), 20));
  const manifest = await manifestOf(file);
  const inZip = manifest.files.find((f) => f.name === 'data/positions.csv')?.rows ?? -1;
  console.log(`export: ${progress.state}, ${manifest.files.length} files, ${progress.rowsWritten.toLocaleString('en')} rows, ${mb(progress.bytesWritten)} of CSV/JSON → ${mb(size)} ZIP in ${seconds.toFixed(1)} s`);
  console.log(`  ${Math.round(progress.rowsWritten / seconds).toLocaleString('en')} rows/s, ${mb(progress.bytesWritten / seconds)}/s uncompressed; process RSS ${mb(baseRss)} before, peak ${mb(peakRss)} while streaming (+${mb(peakRss - baseRss)})`);
  console.log(`  positions: ${inZip.toLocaleString('en')} in the manifest, ${inDb.toLocaleString('en')} in the database${inZip === inDb ? '' : ' — MISMATCH'}; load ${load()}`);
  await rm(dir, { recursive: true, force: true });
  if (inZip !== inDb) process.exitCode = 1;
} finally {
  await fleet.close();
  await postgres.stop();
}
console.log(`load average at end: ${load()}`);
