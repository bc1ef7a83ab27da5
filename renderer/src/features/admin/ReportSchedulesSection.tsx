import { Fragment, useState } from 'react';
import type { ReportSchedule } from '../../../../contract/api/report-schedules.ts';
import { dayStart } from '../../../../contract/time/local-day.ts';
import { Spinner } from '../../ui/Spinner.tsx';
import { errorText } from '../../ui/error-text.ts';
import { toast } from '../../ui/toast/toast-store.ts';
import { useUnits } from '../../ui/units.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { ReportScheduleForm } from './ReportScheduleForm.tsx';
import { reportKindWords } from '../reports/report-kind-words.ts';
import { cadenceWords, formatWords, runErrorWords } from './report-schedule-form.ts';
import { useAdminMutation, useAdminQuery } from './use-admin.ts';

/**
 * Scheduled reports (reports.manage): each schedule with what it sends, to whom, and how its
 * latest period went — sent, waiting for a retry (with the reason and the next attempt) or given
 * up — and actions: send now (a test to the recipients), change, turn off, remove (asks twice).
 */
export function ReportSchedulesSection({ workspaceId }: { workspaceId: string }) {
  const units = useUnits();
  const list = useAdminQuery(workspaceId, 'report-schedules', null, (b) => b.admin.listReportSchedules({ workspaceId }));
  const groups = useAdminQuery(workspaceId, 'groups', null, (b) => b.admin.listGroups({ workspaceId, query: { limit: 500 } }));
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const send = useAdminMutation(workspaceId, (b, s: ReportSchedule) => b.admin.sendReportNow({ workspaceId, scheduleId: s.id }));
  const remove = useAdminMutation(workspaceId, (b, s: ReportSchedule) => b.admin.deleteReportSchedule({ workspaceId, scheduleId: s.id }));
  const toggle = useAdminMutation(workspaceId, (b, s: ReportSchedule) =>
    b.admin.updateReportSchedule({ workspaceId, scheduleId: s.id, schedule: { name: s.name, report: s.report, selection: s.selection, cadence: s.cadence, formats: s.formats, recipients: s.recipients, enabled: !s.enabled, expectedVersion: s.version } }));

  const zone = list.data?.timeZone ?? units.timeZone;
  const day = (d: string) => units.date(dayStart(d, zone));
  const period = (from: string, to: string) => (from === to ? day(from) : `${day(from)} – ${day(to)}`);
  const groupName = (id: string | undefined) => groups.data?.items.find((g) => g.id === id)?.name ?? 'a removed group';
  const selectionText = (s: ReportSchedule) =>
    s.selection.kind === 'all' ? 'All vehicles' : s.selection.kind === 'group' ? `Group ${groupName(s.selection.groupId)}` : `${s.selection.deviceIds?.length ?? 0} chosen vehicles`;

  const sendNow = (s: ReportSchedule) =>
    send.mutate(s, {
      onSuccess: (r) =>
        r.ok
          ? toast.success(`“${s.name}” for ${period(r.from, r.to)} sent to ${r.recipients.join(', ')} (${r.files.join(', ')}).`)
          : toast.error(`“${s.name}” was not sent: ${runErrorWords(r.error)}`),
      onError: (error) => toast.error(`Not sent: ${errorText(error)}`),
    });
  const drop = (s: ReportSchedule) => {
    if (removing !== s.id) return setRemoving(s.id);
    setRemoving(null);
    remove.mutate(s, { onSuccess: () => toast.success(`Schedule “${s.name}” removed.`), onError: (error) => toast.error(`Not removed: ${errorText(error)}`) });
  };

  const state = (s: ReportSchedule) => {
    const run = s.lastRun;
    const next = `Next: ${period(s.next.from, s.next.to)}, sent ${units.dateTime(Date.parse(s.next.dueAt))}.`;
    if (!s.enabled) return <span className="admin-muted">Off — no reports are sent</span>;
    if (!run) return <span className="admin-muted">No report sent yet. {next}</span>;
    if (run.status === 'sent') return <span>Sent {period(run.from, run.to)} on {units.dateTime(Date.parse(run.sentAt ?? run.lastAttemptAt ?? s.next.dueAt))}. <span className="admin-muted">{next}</span></span>;
    if (run.status === 'sending') return <span>Sending {period(run.from, run.to)}…</span>;
    const why = runErrorWords(run.lastError);
    return (
      <span className="report-schedules__failure" data-testid="report-schedule-failure">
        {run.status === 'failed' ? `Gave up on ${period(run.from, run.to)} after ${run.attempts} attempts. ` : `${period(run.from, run.to)} not sent yet${run.attempts > 0 ? ` (${run.attempts} failed attempt${run.attempts === 1 ? '' : 's'})` : ''}. `}
        {why && `${why} `}
        {run.status === 'pending' && run.nextAttemptAt && `Next attempt ${units.dateTime(Date.parse(run.nextAttemptAt))}.`}
      </span>
    );
  };

  const items = list.data?.items ?? [];
  return (
    <div className="admin-section report-schedules">
      <h3>Scheduled reports</h3>
      <p className="admin-muted">
        The fleet cloud e-mails the chosen report (fleet insights, trips, stops, idling, speeding, DTC history, daily summary or driver scorecard) after each day, each week (on Monday) or each month (on the 1st) at 06:00 in the account’s time zone ({zone}),
        through your provider’s e-mail server. A report that cannot be delivered is retried for about a day; the reason shows here.
      </p>
      {editing === 'new' ? <ReportScheduleForm workspaceId={workspaceId} onDone={() => setEditing(null)} /> : (
        <p><button type="button" className="button button--primary" onClick={() => setEditing('new')}>Add a schedule</button></p>
      )}
      {list.isPending ? <Spinner /> : !list.data ? <ErrorNote error={list.error} /> : items.length === 0 ? (
        <p className="admin-muted">No scheduled reports yet.</p>
      ) : (
        <table className="admin-table report-schedules__table">
          <thead>
            <tr><th>Name</th><th>Sends</th><th>To</th><th>State</th><th className="admin-table__actions">Actions</th></tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <Fragment key={s.id}>
                <tr data-testid="report-schedule-row">
                  <td>{s.name}</td>
                  <td>{reportKindWords[s.report]} · {cadenceWords[s.cadence]} · {selectionText(s)} · {s.formats.map((f) => formatWords[f]).join(', ')}</td>
                  <td className="report-schedules__recipients">{s.recipients.map((r) => <div key={r}>{r}</div>)}</td>
                  <td>{state(s)}</td>
                  <td className="admin-table__actions report-schedules__actions">
                    <button type="button" className="button button--small" disabled={send.isPending} onClick={() => sendNow(s)}>{send.isPending && send.variables?.id === s.id ? 'Sending…' : 'Send now'}</button>
                    <button type="button" className="button button--small" onClick={() => setEditing(editing === s.id ? null : s.id)}>Change</button>
                    <button type="button" className="button button--small" disabled={toggle.isPending} onClick={() => toggle.mutate(s, { onError: (error) => toast.error(`Not changed: ${errorText(error)}`) })}>{s.enabled ? 'Turn off' : 'Turn on'}</button>
                    <button type="button" className="button button--small button--danger" disabled={remove.isPending} onClick={() => drop(s)} onBlur={() => setRemoving(null)}>
                      {removing === s.id ? 'Click again to remove' : 'Remove'}
                    </button>
                  </td>
                </tr>
                {editing === s.id && (
                  <tr className="admin-table__editor">
                    <td colSpan={5}><ReportScheduleForm workspaceId={workspaceId} schedule={s} onDone={() => setEditing(null)} /></td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
