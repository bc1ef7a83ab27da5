/**
 * The report writers alone, without PostgreSQL: a month's trips report for VEHICLES vehicles
 * (default 1,000) × 3 trips a day, start and end anywhere around Gothenburg (seeded, so every run
 * and every branch writes the same report), addresses from the built-in geocoder. Times the
 * address lookups, the model and each format; with OUT=<dir> also saves the files (compare two
 * versions of a writer with `pdftotext` or by parsing the workbook). Profile a format with
 * `node --cpu-prof --cpu-prof-dir=<dir> bench/report-writers.ts pdf`, then bench/cpu-profile-summary.ts.
 * Run: node bench/report-writers.ts [pdf|xlsx|csv ...]
 */
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { dataReport } from '../contract/reports/kinds/data-report.ts';
import type { ReportTrip } from '../contract/reports/kinds/report-context.ts';
import { reportFile } from '../contract/reports/report-files.ts';
import { reportFormats, type ReportFormat } from '../contract/reports/report-formats.ts';
import { addressAt } from '../server/geocoding/address-at.ts';
import { geodata } from '../server/geocoding/geodata.ts';
import { reportFonts } from '../server/reports/report-fonts.ts';

const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
const vehicles = Number(process.env.VEHICLES ?? 1_000);
const formats = process.argv.slice(2).length > 0 ? (process.argv.slice(2) as ReportFormat[]) : [...reportFormats];
let seed = 20261207;
// A small linear congruential generator: the same "random" month on every run.
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);

console.log(`load average at start: ${load()}`);
geodata();
const points: [number, number, number, number][] = [];
const deviceIds = Array.from({ length: vehicles }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
for (let p = 0; p < vehicles * 30 * 3; p++) points.push([57.6 + random() * 0.15, 11.85 + random() * 0.25, 57.6 + random() * 0.15, 11.85 + random() * 0.25]);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let t = performance.now();
let c = cpu();
const trips: ReportTrip[] = points.map(([a, b, d, e], p) => {
  const v = p % vehicles;
  const k = Math.floor(p / vehicles);
  const start = Date.parse('2026-11-01T06:00:00Z') + Math.floor(k / 3) * 86_400_000 + (k % 3) * 9_000_000;
  const durationS = (35 + (p % 11)) * 60;
  return {
    id: `t${p}`, deviceId: deviceIds[v] ?? '', driverId: null, status: 'closed', startTime: new Date(start).toISOString(), endTime: new Date(start + durationS * 1000).toISOString(),
    start: { latitude: a, longitude: b, name: null, address: addressAt(a, b) }, end: { latitude: d, longitude: e, name: null, address: addressAt(d, e) },
    distanceKm: 15 + (p % 10), durationS, maxSpeedKmh: 70 + (p % 40), avgSpeedKmh: 40, idleS: 120 + (p % 300),
  };
});
console.log(`${(trips.length * 2).toLocaleString('en')} address lookups: ${(performance.now() - t).toFixed(0)} ms (CPU ${(cpu() - c).toFixed(0)} ms); load ${load()}`);
t = performance.now();
c = cpu();
const report = dataReport('trips', {
  tenantName: 'Göteborgs Åkeri AB', timeZone: 'Europe/Stockholm', distanceUnit: 'km', period: { from: '2026-11-01', to: '2026-11-30' }, selection: 'All vehicles',
  vehicleNames: new Map(deviceIds.map((id, i) => [id, `Lastbil ${i + 1} Västra Frölunda`])), driverNames: new Map(), now: Date.parse('2026-12-07T12:00:00Z'),
}, { trips, alerts: [], visits: [], vehicleDays: [], drivers: [] });
console.log(`model: ${(performance.now() - t).toFixed(0)} ms (CPU ${(cpu() - c).toFixed(0)} ms)`);
const fonts = await reportFonts();
for (const format of formats) {
  t = performance.now();
  c = cpu();
  const file = await reportFile(report, format, () => Promise.resolve(fonts));
  console.log(`${format.toUpperCase().padEnd(4)} ${(performance.now() - t).toFixed(0)} ms (CPU ${(cpu() - c).toFixed(0)} ms, ${(file.content.length / 1024).toFixed(0)} kB); load ${load()}`);
  if (process.env.OUT) await writeFile(join(process.env.OUT, file.name), file.content);
}
