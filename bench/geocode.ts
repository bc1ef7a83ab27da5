/**
 * The built-in geocoder's speed (server/geocoding/): load time, 10,000 reverse lookups spread
 * over the Gothenburg road area (target < 200 ms), posted-limit checks as ingest makes them,
 * forward searches and a nearest-vehicles routing query. Prints the load average, because on a
 * shared machine the figures move with it.
 * Run: npm run bench:geocode
 */
import { loadavg } from 'node:os';
import { geodata } from '../server/geocoding/geodata.ts';

const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
const ms = (start: number) => performance.now() - start;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

console.log(`load average at start: ${load()}`);
let t = performance.now();
const g = geodata();
console.log(`load road + locality indexes: ${ms(t).toFixed(0)} ms (${g.roads.segmentCount.toLocaleString('en')} segments, ${g.localities.count} localities)`);

// A deterministic spread of points over the data's bounding box (roads, water, woods alike).
const { west, south, east, north } = g.roads.bounds;
const points = Array.from({ length: 10_000 }, (_, i) => ({
  lat: south + ((i * 7919) % 10_000) / 10_000 * (north - south),
  lon: west + ((i * 104_729) % 10_000) / 10_000 * (east - west),
}));

const reverseRuns: number[] = [];
let kinds: Record<string, number> = {};
for (let run = 0; run < 7; run++) {
  kinds = {};
  t = performance.now();
  for (const p of points) {
    const a = g.geocoder.reverse(p.lat, p.lon);
    kinds[a.kind] = (kinds[a.kind] ?? 0) + 1;
  }
  reverseRuns.push(ms(t));
}
console.log(`10,000 reverse lookups: first ${reverseRuns[0]?.toFixed(1)} ms (cold), median of 7 ${median(reverseRuns).toFixed(1)} ms; answers ${JSON.stringify(kinds)}`);

const limitRuns: number[] = [];
let looked = 0;
for (let run = 0; run < 7; run++) {
  looked = 0;
  t = performance.now();
  for (const p of points) {
    // Ingest's guard: the road is looked up only where 60 km/h could exceed a posted limit.
    const lowest = g.roads.lowestPostedNear(p.lat, p.lon);
    if (lowest !== null && 60 > lowest) {
      looked++;
      g.roads.postedLimitAt(p.lat, p.lon);
    }
  }
  limitRuns.push(ms(t));
}
console.log(`10,000 posted-limit checks at 60 km/h: median ${median(limitRuns).toFixed(1)} ms (${looked} needed the road lookup)`);

t = performance.now();
const search = g.search;
console.log(`search index build: ${ms(t).toFixed(0)} ms`);
const queries = ['sveapl', 'goteborg', 'gothenburg', 'kungalv', 'lundbyleden', 'e6', 'mölndal', 'avenyn', 'hisingen', 'ga'];
const searchRuns: number[] = [];
for (let run = 0; run < 5; run++) {
  t = performance.now();
  for (const q of queries) search.search(q, 10, { latitude: 57.7, longitude: 11.97 });
  searchRuns.push(ms(t) / queries.length);
}
console.log(`forward search: median ${median(searchRuns).toFixed(2)} ms per query`);

t = performance.now();
const router = g.router;
console.log(`routing graph build: ${ms(t).toFixed(0)} ms`);
const vehicles = points.slice(0, 15).map((p) => ({ latitude: p.lat, longitude: p.lon }));
const routeRuns: number[] = [];
let reached = 0;
for (let run = 0; run < 5; run++) {
  t = performance.now();
  reached = router.drivesTo({ latitude: 57.7069, longitude: 11.9668 }, vehicles).filter(Boolean).length;
  routeRuns.push(ms(t));
}
console.log(`drive times from 15 vehicles to one point: median ${median(routeRuns).toFixed(1)} ms (${reached} on the network)`);
console.log(`load average at end: ${load()}`);
