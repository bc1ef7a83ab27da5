import { describe, expect, it } from 'vitest';
import { usageColumns } from '../../contract/api/lifecycle.ts';
import { usageCsv } from './usage-report.ts';

const row = {
  tenant_id: '0b7c6f1e-2f55-4c1a-9a43-5d7a2f0f9e11',
  tenant_name: '=HYPERLINK("x"), Haulage',
  status: 'active',
  is_default: false,
  max_units: 100,
  units_peak: 12,
  units_average: '11.50',
  unit_days: '23',
  users_peak: 4,
  stored: '120000',
  duplicates: '20',
  rejected: '3',
  storage_bytes: '5000000',
  days_recorded: 2,
};

describe('usage CSV', () => {
  it('writes the columns in order, numbers as numbers, and neutralises text a spreadsheet would run', () => {
    const csv = usageCsv('2026-12', [row]);
    const [header, line, end] = csv.split('\r\n');
    expect(header).toBe(usageColumns.join(','));
    expect(line).toBe(`2026-12,${row.tenant_id},"'=HYPERLINK(""x""), Haulage",active,custom,100,12,11.5,23,4,120000,20,3,5000000,2`);
    expect(end).toBe('');
  });

  it('leaves the plan empty for an account purged since (it has no plan any more)', () => {
    const line = usageCsv('2026-12', [{ ...row, tenant_name: 'Gone AB', status: 'deleted', is_default: null, max_units: null }]).split('\r\n')[1];
    expect(line?.split(',').slice(2, 6)).toEqual(['Gone AB', 'deleted', '', '']);
  });
});
