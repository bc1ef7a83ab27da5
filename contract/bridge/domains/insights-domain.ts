import { Type } from 'typebox';
import { InsightsQuery, type InsightsResponse } from '../../api/insights.ts';
import type { BridgeCall, BridgeInput } from '../console-bridge.ts';
import { unwrap } from '../unwrap.ts';

const WorkspaceId = Type.String({ minLength: 1, maxLength: 256 });

/** The fleet's figures for a period as the console shows them (contract/api/insights.ts). */
export interface ConsoleInsights extends InsightsResponse {
  workspaceId: string;
  /** True when the fleet cloud was unreachable and this is the answer kept from an earlier read. */
  fromCache: boolean;
  /** When the fleet cloud gave this answer (epoch ms). */
  storedAt: number;
}

/**
 * Insights (issue 13): online the engine asks the fleet cloud and keeps the answer in the
 * workspace's cache under the exact question (period, selection, ranking, page); offline it answers
 * that question from the cache, or fails with reason `not-stored-offline` (params.what `insights`).
 */
export const insightsInputs = {
  'insights.read': Type.Object({ workspaceId: WorkspaceId, ...InsightsQuery.properties }, { additionalProperties: false }),
} as const;

export interface InsightsOutputs {
  'insights.read': ConsoleInsights;
}

export interface InsightsBridge {
  insights: {
    read(input: BridgeInput<'insights.read'>): Promise<ConsoleInsights>;
  };
}

export function buildInsightsBridge(call: BridgeCall): InsightsBridge {
  return { insights: { read: (input) => unwrap(call('insights.read', input)) } };
}
