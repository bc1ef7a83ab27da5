import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { TenantExport } from '../../../../contract/api/lifecycle.ts';
import { useBridge } from '../../bridge/bridge-context.ts';
import { downloadUrl } from '../../ui/download.ts';
import { useUnits } from '../../ui/units.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { exportProgressWords } from './lifecycle-words.ts';
import { adminKey, useAdminMutation } from './use-admin.ts';

/** Still moving: the console asks again every second. */
const moving = (e: TenantExport | undefined) => e === undefined || e.state === 'ready' || e.state === 'running';

/**
 * Exports all of an account's data: the fleet cloud streams the ZIP straight into the browser's
 * download, and this panel shows how far it has come (files, rows, bytes, the file under way),
 * polled from the server, until it is complete or stopped.
 */
export function TenantExportPanel({ workspaceId, tenantId, tenantName }: { workspaceId: string; tenantId: string | null; tenantName: string }) {
  const bridge = useBridge();
  const units = useUnits();
  const [exportId, setExportId] = useState<string | null>(null);
  // tenantId null: the signed-in owner's own account (account.export); else the provider's export of a client account.
  const start = useAdminMutation(workspaceId, (b, _: null) => (tenantId === null ? b.admin.startOwnExport({ workspaceId }) : b.admin.startTenantExport({ workspaceId, tenantId })));
  const progress = useQuery({
    queryKey: adminKey(workspaceId, 'tenant-export', tenantId, exportId),
    queryFn: () =>
      tenantId === null ? bridge.admin.ownExport({ workspaceId, exportId: exportId ?? '' }) : bridge.admin.tenantExport({ workspaceId, tenantId, exportId: exportId ?? '' }),
    enabled: exportId !== null,
    refetchInterval: (query) => (moving(query.state.data) ? 1000 : false),
  });
  const onExport = () =>
    start.mutate(null, {
      onSuccess: (started) => {
        setExportId(started.export.id);
        downloadUrl(started.downloadUrl);
      },
    });
  const busy = start.isPending || (exportId !== null && moving(progress.data));

  return (
    <div className="lifecycle__block">
      {tenantId === null ? <h3>Export all of {tenantName}&apos;s data</h3> : <h4>Export all data</h4>}
      <p className="admin-muted">
        A ZIP of CSV and JSON files — vehicles, groups, users (without passwords), geofences, alerts and rules, trips, drivers, positions, settings, audit log — with a
        manifest of every file. Recorded in {tenantName}&apos;s audit log.
      </p>
      <button type="button" className="button button--primary" onClick={onExport} disabled={busy}>
        {busy ? 'Exporting…' : 'Export data'}
      </button>
      <ErrorNote error={start.error ?? progress.error} />
      {progress.data && (
        <p className={`lifecycle__progress lifecycle__progress--${progress.data.state}`} role="status" data-testid="export-progress">
          {exportProgressWords(progress.data, (n) => units.number(n))}
        </p>
      )}
    </div>
  );
}
