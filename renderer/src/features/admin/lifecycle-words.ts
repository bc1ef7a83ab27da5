import type { TenantExport } from '../../../../contract/api/lifecycle.ts';
import type { Tenant } from '../../../../contract/api/tenants.ts';
import { formatBytes } from '../../ui/format-bytes.ts';

/** Words for a client account's lifecycle (decision 0250): status, export progress, purge dates. */

const dayMs = 86_400_000;

/** When a deletion scheduled now with `graceDays` purges the account (the server counts the same way). */
export const purgeDateFor = (now: number, graceDays: number) => now + graceDays * dayMs;

/** The status column of the account list. */
export function statusWords(tenant: Pick<Tenant, 'status' | 'purgeAt'>, formatDate: (ms: number) => string): string {
  switch (tenant.status) {
    case 'active':
      return 'Active';
    case 'suspended':
      return 'Suspended';
    case 'deleted':
      return 'Deleted';
    case 'pending-deletion':
      return tenant.purgeAt ? `Pending deletion — purged ${formatDate(Date.parse(tenant.purgeAt))}` : 'Pending deletion';
  }
}

/** Why an export stopped (the server's codes: export-progress.ts). */
const exportErrorWords: Record<string, string> = {
  'download-closed': 'The download was closed before it finished. Start a new export.',
  'export-failed': 'The fleet server could not finish the export. Try again; if it fails again, check the server log.',
};

/** One line of an export's progress: what is being written and how much so far. */
export function exportProgressWords(e: TenantExport, formatNumber: (n: number) => string): string {
  const so = `${formatNumber(e.filesWritten)} ${e.filesWritten === 1 ? 'file' : 'files'}, ${formatNumber(e.rowsWritten)} rows, ${formatBytes(e.bytesWritten)}`;
  switch (e.state) {
    case 'ready':
      return 'Waiting for the download to start…';
    case 'running':
      return `Writing ${e.currentFile ?? 'the archive'} — ${so} so far`;
    case 'done':
      return `Export complete: ${so}. The ZIP is in your downloads, with manifest.json listing every file.`;
    case 'failed':
      return `Export stopped after ${so}. ${exportErrorWords[e.error ?? ''] ?? exportErrorWords['export-failed']}`;
  }
}

/** The month a usage report covers by default: the current one, as YYYY-MM (UTC, as the server counts). */
export const currentMonth = (now: number) => new Date(now).toISOString().slice(0, 7);
