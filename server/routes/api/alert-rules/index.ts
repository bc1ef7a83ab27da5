import { AlertRulesResponse, AlertRulesUpdate } from '../../../../contract/api/alert-rules.ts';
import { forgetMonitoringSettings } from '../../../alerts/monitoring-settings.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { requireAuth } from '../../../plugins/app/authenticate.ts';
import { getAlertRules, updateAlertRules } from './alert-rules-repository.ts';

const security = [{ bearerAuth: [] }];
const tags = ['alerts'];

/** The tenant's alert rules: whoever sees alerts reads them (what raises what), alerts.configure changes them. */
export const alertRuleRoutes: RoutePlugin = async (app) => {
  app.get('/', {
    config: { access: 'alerts.read' },
    prefixTrailingSlash: 'no-slash',
    schema: { summary: "This account's alert rules, with rules that would never fire", tags, security, response: { 200: AlertRulesResponse, ...errorResponses(401, 403) } },
  }, async (request) => {
    return request.withTenant((db) => getAlertRules(db));
  });

  app.put('/', {
    config: { access: 'alerts.configure' },
    prefixTrailingSlash: 'no-slash',
    schema: { summary: 'Replace the alert rules; creates a new version (audited)', tags, security, body: AlertRulesUpdate, response: { 200: AlertRulesResponse, ...errorResponses(400, 401, 403, 409) } },
  }, async (request) => {
    const auth = requireAuth(request);
    const result = await request.withTenant((db) => updateAlertRules(db, auth, request.body));
    // Ingest on this instance applies the new rules from its next batch; others within 15 s.
    forgetMonitoringSettings(auth.tenantId);
    return result;
  });
};
