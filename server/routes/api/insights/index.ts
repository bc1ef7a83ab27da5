import { InsightsQuery, InsightsResponse } from '../../../../contract/api/insights.ts';
import { loadMonitoringSettings } from '../../../alerts/monitoring-settings.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { requireAuth } from '../../../plugins/app/authenticate.ts';
import { AnswerCache } from './insights-answer-cache.ts';
import { fleetInsights, type Figures } from './insights-repository.ts';

/** /api/insights: the fleet's daily figures over a period (issue 13; server/insights keeps them). */
export const insightsRoutes: RoutePlugin = async (app) => {
  // Per fleet cloud process: answers kept until a day or name they read changes (migration 147).
  const cache = new AnswerCache<Figures>();
  app.get('/', {
    config: { access: 'reports.read' },
    prefixTrailingSlash: 'no-slash',
    schema: {
      summary: 'Fleet figures for a period: totals against the previous period, per day, per vehicle, per driver',
      tags: ['insights'], security: [{ bearerAuth: [] }], querystring: InsightsQuery, response: { 200: InsightsResponse, ...errorResponses(400, 401, 403) },
    },
  }, async (request): Promise<InsightsResponse> => {
    const auth = requireAuth(request);
    return request.withTenant(async (db) => {
      const { timeZone } = await loadMonitoringSettings(db, auth.tenantId);
      return fleetInsights(db, request.query, timeZone, {}, cache);
    });
  });
};
