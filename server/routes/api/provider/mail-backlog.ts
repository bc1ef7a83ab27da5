import { MailBacklogResponse } from '../../../../contract/api/notifications.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { mailBacklog } from './mail-backlog-repository.ts';

/** What waits behind the provider's SMTP server, for the operators who configure it. */
export const mailBacklogRoutes: RoutePlugin = async (app) => {
  app.get('/', {
    config: { access: 'providerSettings.manage' },
    prefixTrailingSlash: 'no-slash',
    schema: { summary: 'E-mail waiting for the SMTP server, per client account (operators)', tags: ['provider'], security: [{ bearerAuth: [] }], response: { 200: MailBacklogResponse, ...errorResponses(401, 403) } },
  }, async (request) => request.withTenant((db) => mailBacklog(db)));
};
