import { PassThrough } from 'node:stream';
import { DownloadParams, DownloadQuery } from '../../../../contract/api/lifecycle.ts';
import { ApiError } from '../../../http/api-error.ts';
import { errorResponses } from '../../../http/error-responses.ts';
import type { RoutePlugin } from '../../../http/wire-types.ts';
import { ExportProgress } from '../../../lifecycle/export-progress.ts';
import { writeTenantExport } from '../../../lifecycle/tenant-export.ts';
import { claimExport } from '../tenants/lifecycle-repository.ts';

/**
 * The ZIP itself. No bearer token: the one-time ticket in the link is the credential, so the
 * console can hand the link to the browser's (or Electron's) own download, which streams it to
 * disk — no export passes through the console's memory. The ticket is single use, expires in
 * minutes, and only its hash is stored (decision 0250).
 */
export const exportDownloadRoute: RoutePlugin = async (app) => {
  app.get(
    '/:exportId/download',
    {
      config: { access: 'public' },
      schema: {
        summary: "Download an export (ZIP of CSV and JSON, manifest.json last) with its one-time ticket",
        tags: ['exports'],
        params: DownloadParams,
        querystring: DownloadQuery,
        produces: ['application/zip'],
        response: { 200: { description: 'The ZIP, streamed', type: 'string', format: 'binary' }, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { exportId } = request.params;
      const claimed = await claimExport(app.db, exportId, request.query.ticket);
      if (!claimed) throw new ApiError(404, 'not_found', 'This export link is wrong, was used already, or has expired. Start a new export.', { reason: 'export-ticket-invalid' });
      const progress = new ExportProgress(app.db, claimed.tenantId, exportId);
      const body = new PassThrough();
      writeTenantExport(app.db, claimed.tenantId, body, progress)
        .then(
          () => progress.finish({ ok: true }),
          (error: unknown) => {
            // The browser closed the download (Fastify destroys the body): the ZIP's pipe ends early.
            const closed = error instanceof Error && 'code' in error && error.code === 'ERR_STREAM_PREMATURE_CLOSE';
            request.log.warn({ err: error, tenantId: claimed.tenantId, exportId }, 'export stopped');
            return progress.finish({ ok: false, error: closed ? 'download-closed' : 'export-failed' });
          },
        )
        .catch((error: unknown) => request.log.error({ err: error, exportId }, 'export outcome not recorded'));
      const day = new Date().toISOString().slice(0, 10);
      const name = `${claimed.tenantName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'account'}-export-${day}.zip`;
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  );
};
