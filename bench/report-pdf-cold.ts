/**
 * One PDF report written by a fresh process: what the first scheduled report after a start
 * costs (module loading, font parsing, cold code), as opposed to bench:reports' in-process runs.
 * `node bench/report-pdf-cold.ts <report.json>` prints `{"ms": …, "cpuMs": …, "bytes": …}` (CPU time
 * moves less than wall time on a shared machine); bench/insights-reports.ts
 * runs it several times (with BENCH_PROFILE=<dir>, under --cpu-prof).
 */
import { readFile } from 'node:fs/promises';
import type { InsightsReport } from '../contract/reports/insights-report.ts';

const path = process.argv[2];
if (!path) throw new Error('usage: node bench/report-pdf-cold.ts <report.json>');
const report = JSON.parse(await readFile(path, 'utf8')) as InsightsReport;
const started = performance.now();
const cpu = process.cpuUsage();
// Imported here, not above: loading the writers is part of what a cold report pays.
const { reportFile } = await import('../contract/reports/report-files.ts');
const { reportFonts } = await import('../server/reports/report-fonts.ts');
const file = await reportFile(report, 'pdf', reportFonts);
const used = process.cpuUsage(cpu);
console.log(JSON.stringify({ ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, bytes: file.content.length }));
