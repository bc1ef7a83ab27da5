import { Type } from 'typebox';
import { PageOffset } from '../../../../contract/api/lists.ts';
import { SettingsHistoryResponse, SettingsPatch, SettingsResponse } from '../../../../contract/api/settings.ts';
import { forgetMonitoringSettings } from '../../../alerts/monitoring-settings.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { paging } from '../../../tenancy/list-params.ts';
import { requireAuth } from '../../../plugins/app/authenticate.ts';
import { getSettings, settingsHistory, updateSettings } from './settings-repository.ts';

const security = [{ bearerAuth: [] }];
const tags = ['settings'];

const HistoryQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), offset: Type.Optional(PageOffset) },
  { additionalProperties: false },
);

/** The current tenant's configuration: every member reads it, settings.manage changes it. */
export const settingsRoutes: RoutePlugin = async (app) => {
  app.get(
    '/',
    { config: { access: 'settings.read' }, prefixTrailingSlash: 'no-slash', schema: { summary: "This account's settings (any member)", tags, security, response: { 200: SettingsResponse, ...errorResponses(401, 403) } } },
    async (request) => {
      return request.withTenant((db) => getSettings(db));
    },
  );
  app.patch(
    '/',
    {
      config: { access: 'settings.manage' },
      prefixTrailingSlash: 'no-slash',
      schema: { summary: 'Change some settings; creates a new version', tags, security, body: SettingsPatch, response: { 200: SettingsResponse, ...errorResponses(400, 401, 403, 409) } },
    },
    async (request) => {
      const auth = requireAuth(request);
      const result = await request.withTenant((db) => updateSettings(db, auth, request.body));
      // Committed: ingest and the rounds on this instance use the new thresholds from their next read.
      forgetMonitoringSettings(auth.tenantId);
      return result;
    },
  );
  app.get(
    '/history',
    { config: { access: 'settings.manage' }, schema: { summary: 'Every version of the settings, newest first, with who changed what', tags, security, querystring: HistoryQuery, response: { 200: SettingsHistoryResponse, ...errorResponses(400, 401, 403) } } },
    async (request) => {
      const { limit, offset } = paging(request.query);
      return request.withTenant((db) => settingsHistory(db, limit, offset));
    },
  );
};
