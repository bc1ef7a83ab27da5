import type { InsightsDriver, InsightsResponse, InsightsVehicle } from '../../../../contract/api/insights.ts';
import { maxInsightsPage } from '../../../../contract/api/insights.ts';
import type { ConsoleBridge } from '../../../../contract/bridge/console-bridge.ts';
import { insightsReport, reportToCsv } from '../../../../contract/reports/insights-report.ts';
import { downloadBlob, downloadText } from '../../ui/download.ts';
import { exportFileName } from '../trips/trip-export.ts';
import type { InsightsView } from './use-insights.ts';
import { reportToXlsx, xlsxMime } from './insights-xlsx.ts';

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

export async function exportInsights(format: 'csv' | 'xlsx', bridge: ConsoleBridge, workspaceId: string, tenantName: string, view: InsightsView): Promise<void> {
  const { answer, vehicles, drivers } = await gatherAll(bridge, workspaceId, view);
  const report = insightsReport(tenantName, answer, vehicles, drivers);
  const name = exportFileName([tenantName, 'insights', answer.from, answer.to], format);
  if (format === 'csv') downloadText(name, reportToCsv(report), 'text/csv;charset=utf-8');
  else downloadBlob(name, new Blob([await reportToXlsx(report)], { type: xlsxMime }));
}
