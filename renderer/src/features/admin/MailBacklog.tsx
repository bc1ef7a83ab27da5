import { Spinner } from '../../ui/Spinner.tsx';
import { deliveryErrorWords } from '../../ui/notification-words.ts';
import { useUnits } from '../../ui/units.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { useAdminQuery } from './use-admin.ts';

/** What e-mail waits behind the SMTP server, per client account (read when shown, or on Refresh). */
export function MailBacklog({ workspaceId }: { workspaceId: string }) {
  const units = useUnits();
  const backlog = useAdminQuery(workspaceId, 'mailBacklog', null, (b) => b.admin.getMailBacklog({ workspaceId }));
  if (backlog.isPending) return <Spinner />;
  if (!backlog.data) return <ErrorNote error={backlog.error} />;
  const { waiting, failed, oldestWaitingAt, tenants } = backlog.data;
  return (
    <section className="mail-backlog" aria-label="Mail backlog">
      <h4>
        Mail backlog{' '}
        <span className="admin-muted" data-testid="mail-backlog-total">
          · {waiting === 0 ? 'nothing waiting' : `${waiting} e-mail${waiting === 1 ? '' : 's'} waiting${oldestWaitingAt ? ` since ${units.dateTime(Date.parse(oldestWaitingAt))}` : ''}`}
          {failed > 0 && `, ${failed} given up`}
        </span>
        <button type="button" className="button button--small mail-backlog__refresh" onClick={() => void backlog.refetch()} disabled={backlog.isFetching}>Refresh</button>
      </h4>
      {tenants.length > 0 && (
        <table className="admin-table">
          <thead>
            <tr><th>Client account</th><th>Waiting</th><th>Given up</th><th>Waiting since</th><th>Last failure</th></tr>
          </thead>
          <tbody>
            {tenants.map((t) => (
              <tr key={t.tenantId} data-testid="mail-backlog-row">
                <td>{t.tenantName}</td>
                <td>{t.waiting}</td>
                <td>{t.failed}</td>
                <td>{t.oldestWaitingAt ? units.dateTime(Date.parse(t.oldestWaitingAt)) : '—'}</td>
                <td>{t.lastError ? deliveryErrorWords(t.lastError) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
