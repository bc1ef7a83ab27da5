import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Generates the OpenAPI document from the TypeBox route schemas, so the document cannot drift
 * from what the routes validate. 3.1 because the contract uses `type: 'null'` in unions.
 */
export const swaggerPlugin = fp(async function openApi(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Fleet cloud API',
        version: '0.1.0',
        description: 'Multi-tenant fleet telematics. Sign in, exchange the refresh token for a tenant-scoped access token, call the API with it.',
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
    // Shared schemas keep their $id as the component name (ApiError), not def-0.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
});
