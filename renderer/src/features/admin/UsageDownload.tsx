import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useBridge } from '../../bridge/bridge-context.ts';
import { downloadText } from '../../ui/download.ts';
import { toast } from '../../ui/toast/toast-store.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { currentMonth } from './lifecycle-words.ts';

/** Monthly usage of every client account as CSV, for billing (operations.read; decision 0250). */
export function UsageDownload({ workspaceId }: { workspaceId: string }) {
  const [thisMonth] = useState(() => currentMonth(Date.now()));
  const [month, setMonth] = useState(thisMonth);
  const bridge = useBridge();
  // A read, not a change: nothing to refetch afterwards.
  const usage = useMutation({ mutationFn: (m: string) => bridge.admin.usageCsv({ workspaceId, month: m }) });
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  const onDownload = () =>
    usage.mutate(month, {
      onSuccess: ({ fileName, csv }) => {
        downloadText(fileName, csv, 'text/csv;charset=utf-8');
        toast.success(`${fileName} saved to your downloads`);
      },
    });
  return (
    <div className="ops-usage">
      <label className="field__label" htmlFor="usage-month">
        Usage for billing, month
        <input id="usage-month" className="input" type="month" value={month} max={thisMonth} onChange={(e) => setMonth(e.target.value)} />
      </label>
      <button type="button" className="button button--ghost" onClick={onDownload} disabled={!valid || usage.isPending}>
        Download usage CSV
      </button>
      <ErrorNote error={usage.error} />
    </div>
  );
}
