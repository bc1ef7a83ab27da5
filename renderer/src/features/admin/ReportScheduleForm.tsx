import { useState, type FormEvent } from 'react';
import { reportKinds, type CreateReportScheduleRequest, type ReportKind, type ReportSchedule } from '../../../../contract/api/report-schedules.ts';
import { BridgeError } from '../../../../contract/bridge/bridge-error.ts';
import { reportFormats } from '../../../../contract/reports/report-formats.ts';
import { reportCadences, type ReportCadence } from '../../../../contract/reports/report-periods.ts';
import { TextField } from '../../ui/TextField.tsx';
import { errorText } from '../../ui/error-text.ts';
import { toast } from '../../ui/toast/toast-store.ts';
import { useUnits } from '../../ui/units.ts';
import { reportKindHints, reportKindWords } from '../reports/report-kind-words.ts';
import { checkDraft, cadenceWords, draftFieldOf, draftOf, formatWords, type DraftErrors, type ScheduleDraft } from './report-schedule-form.ts';
import { useAdminMutation, useAdminQuery } from './use-admin.ts';

interface Props {
  workspaceId: string;
  /** The schedule being changed; absent when adding one. */
  schedule?: ReportSchedule;
  onDone(): void;
}

const FieldError = ({ id, error }: { id: string; error: string | undefined }) => (error ? <p id={id} className="field__error" role="alert">{error}</p> : null);

/**
 * Adds or changes a report schedule: name, how often, which vehicles, formats, recipients. Every
 * wrong field says why under itself before anything is sent; what only the fleet cloud can know
 * (the group was removed meanwhile) comes back under the field it names.
 */
export function ReportScheduleForm({ workspaceId, schedule, onDone }: Props) {
  const units = useUnits();
  const [draft, setDraft] = useState<ScheduleDraft>(() => draftOf(schedule));
  const [errors, setErrors] = useState<DraftErrors>({});
  const groups = useAdminQuery(workspaceId, 'groups', null, (b) => b.admin.listGroups({ workspaceId, query: { limit: 500 } }));
  const vehicles = useAdminQuery(workspaceId, 'vehicles', null, (b) => b.admin.listVehicles({ workspaceId }));
  const save = useAdminMutation(workspaceId, (b, request: { request: CreateReportScheduleRequest }) =>
    schedule
      ? b.admin.updateReportSchedule({ workspaceId, scheduleId: schedule.id, schedule: { ...request.request, expectedVersion: schedule.version } })
      : b.admin.createReportSchedule({ workspaceId, schedule: request.request }));
  const set = (change: Partial<ScheduleDraft>) => setDraft((d) => ({ ...d, ...change }));
  const toggle = <T,>(list: readonly T[], item: T) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkDraft(draft);
    if ('errors' in checked) return setErrors(checked.errors);
    setErrors({});
    save.mutate(checked, {
      onSuccess: (saved) => {
        toast.success(schedule ? `Schedule “${saved.name}” saved.` : `Schedule “${saved.name}” added; its first report goes out ${units.dateTime(Date.parse(saved.next.dueAt))}.`);
        onDone();
      },
      onError: (error) => {
        const fieldName = error instanceof BridgeError ? draftFieldOf(error.field) : null;
        if (fieldName) setErrors({ [fieldName]: errorText(error) });
        else toast.error(`Schedule not saved: ${errorText(error)}`);
      },
    });
  };

  const prefix = schedule ? `rs-${schedule.id}` : 'rs-new';
  return (
    <form className="admin-form report-schedule-form" onSubmit={onSubmit} aria-label={schedule ? `Change ${schedule.name}` : 'Add a report schedule'} noValidate>
      <div className="report-schedule-form__kind">
        <label className="field__label" htmlFor={`${prefix}-report`}>
          Report
          <select id={`${prefix}-report`} className="input" value={draft.report} aria-describedby={`${prefix}-report-hint`} onChange={(e) => set({ report: e.target.value as ReportKind })}>
            {reportKinds.map((k) => <option key={k} value={k}>{reportKindWords[k]}</option>)}
          </select>
        </label>
        <p id={`${prefix}-report-hint`} className="field__hint">{reportKindHints[draft.report]}</p>
      </div>
      <div className="admin-grid">
        <TextField id={`${prefix}-name`} label="Name" value={draft.name} onChange={(e) => set({ name: e.target.value })} placeholder="Weekly fleet summary" maxLength={80} error={errors.name} />
        <label className="field__label" htmlFor={`${prefix}-cadence`}>
          How often
          <select id={`${prefix}-cadence`} className="input" value={draft.cadence} onChange={(e) => set({ cadence: e.target.value as ReportCadence })}>
            {reportCadences.map((c) => <option key={c} value={c}>{cadenceWords[c]}</option>)}
          </select>
        </label>
      </div>
      <fieldset className="admin-fieldset">
        <legend>Vehicles</legend>
        <div className="report-schedule-form__choices" role="radiogroup" aria-label="Vehicles">
          {(['all', 'group', 'vehicles'] as const).map((kind) => (
            <label key={kind}>
              <input type="radio" name={`${prefix}-kind`} checked={draft.selectionKind === kind} onChange={() => set({ selectionKind: kind })} />
              {kind === 'all' ? 'All vehicles' : kind === 'group' ? 'One group' : 'Chosen vehicles'}
            </label>
          ))}
        </div>
        {draft.selectionKind === 'group' && (
          <>
            <select aria-label="Group" className="input" value={draft.groupId} aria-invalid={errors.groupId ? true : undefined} aria-describedby={errors.groupId ? `${prefix}-group-error` : undefined} onChange={(e) => set({ groupId: e.target.value })}>
              <option value="">Choose a group…</option>
              {(groups.data?.items ?? []).map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
            </select>
            <FieldError id={`${prefix}-group-error`} error={errors.groupId} />
          </>
        )}
        {draft.selectionKind === 'vehicles' && (
          <>
            <div className="report-schedule-form__vehicles" aria-label="Chosen vehicles" role="group">
              {(vehicles.data?.items ?? []).map((v) => (
                <label key={v.id}>
                  <input type="checkbox" checked={draft.deviceIds.includes(v.id)} onChange={() => set({ deviceIds: toggle(draft.deviceIds, v.id) })} />
                  {v.name}
                </label>
              ))}
            </div>
            <FieldError id={`${prefix}-vehicles-error`} error={errors.deviceIds} />
          </>
        )}
      </fieldset>
      <fieldset className="admin-fieldset">
        <legend>Attach as</legend>
        <div className="report-schedule-form__choices" role="group" aria-label="Formats">
          {reportFormats.map((f) => (
            <label key={f}>
              <input type="checkbox" checked={draft.formats.includes(f)} onChange={() => set({ formats: toggle(draft.formats, f) })} />
              {formatWords[f]}
            </label>
          ))}
        </div>
        <FieldError id={`${prefix}-formats-error`} error={errors.formats} />
      </fieldset>
      <TextField id={`${prefix}-recipients`} label="Recipients" value={draft.recipients} onChange={(e) => set({ recipients: e.target.value })} placeholder="fleet.manager@example.com, owner@example.com" hint="E-mail addresses, separated by commas (at most 20)." error={errors.recipients} />
      <label className="report-schedule-form__enabled">
        <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> Send reports on schedule
      </label>
      <div className="admin-form__actions">
        <button type="submit" className="button button--primary" disabled={save.isPending}>{save.isPending ? 'Saving…' : schedule ? 'Save schedule' : 'Add schedule'}</button>
        <button type="button" className="button" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}
