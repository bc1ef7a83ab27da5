import type { InsightsDriver, InsightsResponse, InsightsVehicle } from '../../../../contract/api/insights.ts';
import { maxInsightsPage } from '../../../../contract/api/insights.ts';
import type { ConsoleBridge } from '../../../../contract/bridge/console-bridge.ts';
import { insightsReport } from '../../../../contract/reports/insights-report.ts';
import { reportFile } from '../../../../contract/reports/report-files.ts';
import type { ReportFormat } from '../../../../contract/reports/report-formats.ts';
import { downloadBlob } from '../../ui/download.ts';
import { reportFonts } from './report-fonts.ts';
import type { InsightsView } from './use-insights.ts';

/** The most rows an export gathers per list (20 pages of the fleet cloud's largest). */
export const maxExportRows = 10_000;

/**
 * Every vehicle and driver of the period in the table's ranking, page by page (the screen shows
 * one page; a report lists them all). Offline, pages not viewed before are not on this computer:
 * the engine's error says so.
 */
export async function gatherAll(bridge: ConsoleBridge, workspaceId: string, view: InsightsView): Promise<{ answer: InsightsResponse; vehicles: InsightsVehicle[]; drivers: InsightsDriver[] }> {
  const vehicles: InsightsVehicle[] = [];
  const drivers: InsightsDriver[] = [];
  let answer: InsightsResponse | null = null;
  for (let offset = 0; offset < maxExportRows; offset += maxInsightsPage) {
    const page = await bridge.insights.read({ workspaceId, from: view.period.from, to: view.period.to, sort: view.sort, order: view.order, limit: maxInsightsPage, offset });
    answer ??= page;
    vehicles.push(...page.vehicles);
    drivers.push(...page.drivers);
    if (offset + maxInsightsPage >= Math.max(page.vehicleCount, page.driverCount)) break;
  }
  if (!answer) throw new Error('no insights page was read');
  return { answer, vehicles, drivers };
}

/** The period's report as a CSV, Excel or PDF file download (the same report the fleet cloud mails). */
export async function exportInsights(format: ReportFormat, bridge: ConsoleBridge, workspaceId: string, tenantName: string, view: InsightsView): Promise<void> {
  const { answer, vehicles, drivers } = await gatherAll(bridge, workspaceId, view);
  const file = await reportFile(insightsReport(tenantName, answer, vehicles, drivers, 'All vehicles you can see'), format, reportFonts);
  downloadBlob(file.name, new Blob([typeof file.content === 'string' ? file.content : (file.content as Uint8Array<ArrayBuffer>)], { type: file.mime }));
}
