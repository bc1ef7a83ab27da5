import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { InsightsSortKey } from '../../../../contract/api/insights.ts';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';
import type { Period } from './insights-period.ts';

export interface InsightsView {
  period: Period;
  sort: InsightsSortKey;
  order: 'asc' | 'desc';
  /** The vehicles' page and the drivers' page, each turned by its own table. */
  offset: number;
  driverOffset: number;
}

export const pageSize = 50;

/**
 * The figures of a period through the engine (online-first, kept for offline review). The last
 * answer stays on screen while the next period or page loads; figures refresh every 2 minutes
 * and each time the tab opens.
 */
export function useInsights(workspaceId: string, view: InsightsView) {
  const bridge = useBridge();
  const input = { workspaceId, from: view.period.from, to: view.period.to, sort: view.sort, order: view.order, limit: pageSize, offset: view.offset, driverOffset: view.driverOffset };
  return useQuery({
    queryKey: queryKeys.insights(workspaceId, JSON.stringify(input)),
    queryFn: () => bridge.insights.read(input),
    placeholderData: keepPreviousData,
    // Asked again whenever the tab opens: online it brings the newest figures, offline the
    // engine's kept answer says it is one (the console's default would show a minute-old answer).
    staleTime: 0,
    refetchInterval: 120_000,
    retry: false,
  });
}
