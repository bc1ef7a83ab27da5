import { Type } from 'typebox';
import { ReportQuery, type ReportDocument } from '../../api/reports.ts';
import type { BridgeCall, BridgeInput } from '../console-bridge.ts';
import { unwrap } from '../unwrap.ts';

const WorkspaceId = Type.String({ minLength: 1, maxLength: 256 });

/** A report of the fleet's records as the console gets it (contract/api/reports.ts). */
export interface ConsoleReport extends ReportDocument {
  workspaceId: string;
  /**
   * True when the fleet cloud was unreachable and the engine made the report from this computer's
   * cache (the same builder as the fleet cloud's; driver names are not cached).
   */
  fromCache: boolean;
}

/**
 * Reports (issue 13 item 4): online the engine asks the fleet cloud (GET /api/reports); when it
 * cannot be reached, it makes the report from the workspace's cache where the cache holds the
 * kind's records for the whole period (trips for the trip window, alerts), or fails with reason
 * `report-not-offline` (params kind, earliest). `tenantName` heads the offline report.
 */
export const reportsInputs = {
  'reports.read': Type.Object({ workspaceId: WorkspaceId, tenantName: Type.String({ maxLength: 200 }), ...ReportQuery.properties }, { additionalProperties: false }),
} as const;

export interface ReportsOutputs {
  'reports.read': ConsoleReport;
}

export interface ReportsBridge {
  reports: {
    read(input: BridgeInput<'reports.read'>): Promise<ConsoleReport>;
  };
}

export function buildReportsBridge(call: BridgeCall): ReportsBridge {
  return { reports: { read: (input) => unwrap(call('reports.read', input)) } };
}
