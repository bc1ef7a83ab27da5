import { describe, expect, it } from 'vitest';
import type { TenantExport } from '../../../../contract/api/lifecycle.ts';
import { reasonText } from '../../ui/error-text.ts';
import { currentMonth, exportProgressWords, purgeDateFor, statusWords } from './lifecycle-words.ts';

const base: TenantExport = {
  id: 'e',
  tenantId: 't',
  state: 'running',
  createdAt: '2026-12-06T10:00:00.000Z',
  expiresAt: '2026-12-06T10:10:00.000Z',
  startedAt: '2026-12-06T10:00:01.000Z',
  finishedAt: null,
  filesWritten: 3,
  rowsWritten: 12_345,
  bytesWritten: 3_200_000,
  currentFile: 'data/positions.csv',
  error: null,
};
const n = (v: number) => v.toLocaleString('en-GB');

describe('lifecycle words', () => {
  it('says what an export is writing and how far it is', () => {
    expect(exportProgressWords(base, n)).toBe('Writing data/positions.csv — 3 files, 12,345 rows, 3.2 MB so far');
    expect(exportProgressWords({ ...base, state: 'done', currentFile: null }, n)).toMatch(/^Export complete: 3 files, 12,345 rows, 3.2 MB\. /);
    expect(exportProgressWords({ ...base, state: 'ready', filesWritten: 0 }, n)).toBe('Waiting for the download to start…');
  });

  it('words why an export stopped, with a fallback for a code it does not know', () => {
    expect(exportProgressWords({ ...base, state: 'failed', error: 'download-closed' }, n)).toContain('The download was closed before it finished.');
    expect(exportProgressWords({ ...base, state: 'failed', error: 'something-new' }, n)).toContain('could not finish the export');
  });

  it('shows a pending deletion with its purge date in the account list', () => {
    expect(statusWords({ status: 'pending-deletion', purgeAt: '2027-01-05T12:00:00.000Z' }, (ms) => new Date(ms).toISOString().slice(0, 10))).toBe('Pending deletion — purged 2027-01-05');
    expect(statusWords({ status: 'active', purgeAt: null }, String)).toBe('Active');
  });

  it('counts the purge date from now and the grace days; the month is UTC', () => {
    expect(purgeDateFor(Date.UTC(2026, 11, 6), 30)).toBe(Date.UTC(2027, 0, 5));
    expect(currentMonth(Date.UTC(2026, 11, 31, 23, 59))).toBe('2026-12');
  });

  it('tells a member of a closed account why sign-in is refused and until when', () => {
    expect(reasonText('account-pending-deletion', { tenantName: 'Harbour Taxi', purgeAt: '2027-01-05T12:00:00.000Z' })).toBe(
      'Harbour Taxi is closed and will be deleted on 5 January 2027. You cannot sign in to it; your provider can still restore it until then.',
    );
    expect(reasonText('account-suspended', { tenantName: 'Harbour Taxi' })).toContain('Harbour Taxi is suspended');
    expect(reasonText('unit-account-suspended', { uniqueId: 'X1' })).toContain('Device X1');
  });
});
