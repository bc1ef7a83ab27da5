import type { Delivery } from '../../../../contract/api/notifications.ts';
import { Spinner } from '../../ui/Spinner.tsx';
import { deliveryErrorWords } from '../../ui/notification-words.ts';
import { useUnits } from '../../ui/units.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { useAdminQuery } from './use-admin.ts';

const eventWords: Record<string, string> = { 'alert.opened': 'New alert', 'alert.escalated': 'Escalated alert', 'webhook.test': 'Test call' };
const statusWords: Record<Delivery['status'], string> = { pending: 'Waiting', delivered: 'Delivered', failed: 'Given up' };

/**
 * The delivery log (newest first) of one webhook, or of e-mail when `webhookId` is null, with
 * what still waits. Failures are worded from their codes; a waiting one says when it retries.
 */
export function DeliveryLog({ workspaceId, webhookId, title }: { workspaceId: string; webhookId: string | null; title: string }) {
  const units = useUnits();
  const query = webhookId ? { webhookId, limit: 50 } : { channel: 'email' as const, limit: 50 };
  const log = useAdminQuery(workspaceId, 'deliveries', query, (b) => b.admin.listDeliveries({ workspaceId, query }));
  if (log.isPending) return <Spinner />;
  if (!log.data) return <ErrorNote error={log.error} />;
  const waiting = webhookId ? log.data.items.filter((d) => d.status === 'pending').length : log.data.backlog.email;
  const at = (iso: string | null) => (iso ? units.dateTime(Date.parse(iso)) : '—');
  return (
    <section className="delivery-log" aria-label={title}>
      <h4>
        {title} <span className="admin-muted">· {waiting === 0 ? 'nothing waiting' : `${waiting} waiting`}</span>
      </h4>
      {log.data.items.length === 0 ? (
        <p className="admin-muted">Nothing sent yet.</p>
      ) : (
        <table className="admin-table delivery-log__table">
          <thead>
            <tr><th>Created</th><th>What</th>{webhookId ? null : <th>To</th>}<th>Status</th><th>Attempts</th><th>Last answer</th></tr>
          </thead>
          <tbody>
            {log.data.items.map((d) => (
              <tr key={d.id} data-testid="delivery-row" className={`delivery-log__row delivery-log__row--${d.status}`}>
                <td>{at(d.createdAt)}</td>
                <td>{eventWords[d.event] ?? d.event}</td>
                {webhookId ? null : <td>{d.recipient}</td>}
                <td>
                  {statusWords[d.status]}
                  {d.status === 'pending' && d.nextAttemptAt && <span className="admin-muted"> · next try {at(d.nextAttemptAt)}</span>}
                  {d.status === 'delivered' && d.deliveredAt && <span className="admin-muted"> · {at(d.deliveredAt)}</span>}
                </td>
                <td>{d.attempts}</td>
                <td>{d.lastError ? deliveryErrorWords(d.lastError, d.lastHttpStatus) : d.lastHttpStatus ? `Answered ${d.lastHttpStatus}.` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
