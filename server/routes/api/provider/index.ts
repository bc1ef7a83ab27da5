import { ProviderSettingsPatch, ProviderSettingsResponse } from '../../../../contract/api/provider-settings.ts';
import type { ProviderGeocoder } from '../../../geocoding/provider-geocoder.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { requireAuth } from '../../../plugins/app/authenticate.ts';
import { getProviderSettings, updateProviderSettings } from './provider-settings-repository.ts';

const security = [{ bearerAuth: [] }];
const tags = ['provider'];

/** The provider's own settings (the geocoding service): its operators only (providerSettings.manage). */
export const providerSettingsRoutes: RoutePlugin<{ geocoder: ProviderGeocoder }> = async (app, options) => {
  app.get('/', {
    config: { access: 'providerSettings.manage' },
    prefixTrailingSlash: 'no-slash',
    schema: { summary: "The provider's settings (operators)", tags, security, response: { 200: ProviderSettingsResponse, ...errorResponses(401, 403) } },
  }, async (request) => {
    return request.withTenant((db) => getProviderSettings(db));
  });

  app.patch('/', {
    config: { access: 'providerSettings.manage' },
    prefixTrailingSlash: 'no-slash',
    schema: { summary: "Change the provider's settings; creates a new version", tags, security, body: ProviderSettingsPatch, response: { 200: ProviderSettingsResponse, ...errorResponses(400, 401, 403, 409) } },
  }, async (request) => {
    const auth = requireAuth(request);
    const result = await request.withTenant((db) => updateProviderSettings(db, auth, request.body));
    // Other instances pick the change up within the geocoder's settings lifetime (15 s).
    options.geocoder.settingsChanged();
    return result;
  });
};
