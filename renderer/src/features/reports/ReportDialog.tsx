import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { dataReportInfo, dataReportKinds, type DataReportKind } from '../../../../contract/api/reports.ts';
import { BridgeError } from '../../../../contract/bridge/bridge-error.ts';
import { reportFile } from '../../../../contract/reports/report-files.ts';
import { reportFormats, type ReportFormat } from '../../../../contract/reports/report-formats.ts';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';
import { dayStart } from '../../../../contract/time/local-day.ts';
import { downloadBlob } from '../../ui/download.ts';
import { errorText } from '../../ui/error-text.ts';
import { InlineAlert } from '../../ui/InlineAlert.tsx';
import { toast } from '../../ui/toast/toast-store.ts';
import { useUnits } from '../../ui/units.ts';
import { useNow } from '../../ui/use-now.ts';
import { presetLabels, type Period, type PeriodPreset } from '../insights/insights-period.ts';
import { reportFonts } from '../insights/report-fonts.ts';
import { useSyncStatus } from '../sync/use-sync-status.ts';
import { checkReportDraft, draftPeriod, reportDraft, reportFieldOf, type ReportDraft, type ReportDraftErrors } from './report-draft.ts';
import { reportKindHints, reportKindWords } from './report-kind-words.ts';
import './reports.css';

interface Props {
  workspaceId: string;
  tenantName: string;
  /** The insights tab's period: the picker starts there. */
  preset: PeriodPreset;
  custom: Period;
  /** Drivers the manager can pick (those of the insights answer on screen). */
  drivers: readonly { driverId: string; name: string | null }[];
  onClose(): void;
}

const formatWords: Record<ReportFormat, string> = { pdf: 'PDF', xlsx: 'Excel', csv: 'CSV' };
const FieldError = ({ id, error }: { id: string; error: string | undefined }) => (error ? <p id={id} className="field__error" role="alert">{error}</p> : null);

/**
 * The report picker: which report (trips, stops, idling, speeding, DTC history, daily summary,
 * driver scorecard), the period, the
 * vehicles (all, a group, chosen ones, or one driver's trips) and the file format. The engine asks
 * the fleet cloud, or makes the report from this computer's records while offline; the file is
 * written here with the same writers as the insights export and the scheduled e-mail.
 */
export function ReportDialog({ workspaceId, tenantName, preset, custom, drivers, onClose }: Props) {
  const bridge = useBridge();
  const units = useUnits();
  const dialog = useRef<HTMLDialogElement>(null);
  const [draft, setDraft] = useState<ReportDraft>(() => reportDraft(preset, custom));
  const [errors, setErrors] = useState<ReportDraftErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [running, setRunning] = useState(false);
  const vehicles = useQuery({ queryKey: queryKeys.devices(workspaceId), queryFn: () => bridge.devices.list({ workspaceId }), retry: false });
  const offline = useSyncStatus(workspaceId, null).data?.state === 'offline';
  useEffect(() => dialog.current?.showModal(), []);
  // A field's message is brought into view above the sticky buttons (the dialog's scroll-padding)
  // and its field gets the focus, so a short window hides neither.
  useEffect(() => {
    const message = dialog.current?.querySelector<HTMLElement>('.field__error');
    if (!message) return;
    message.scrollIntoView({ block: 'nearest' });
    dialog.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus({ preventScroll: true });
  }, [errors]);

  const today = units.day(useNow(60_000));
  const period = draftPeriod(draft, today);
  const groups = useMemo(() => {
    const byId = new Map<string, string>();
    for (const v of vehicles.data?.items ?? []) if (v.groupId) byId.set(v.groupId, v.groupName ?? v.groupId);
    return [...byId].sort((a, b) => a[1].localeCompare(b[1]));
  }, [vehicles.data]);
  const set = (change: Partial<ReportDraft>) => setDraft((d) => ({ ...d, ...change }));
  const toggle = (id: string) => set({ deviceIds: draft.deviceIds.includes(id) ? draft.deviceIds.filter((x) => x !== id) : [...draft.deviceIds, id] });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkReportDraft(draft, today);
    if ('errors' in checked) return setErrors(checked.errors);
    setErrors({});
    setFailure(null);
    setRunning(true);
    void bridge.reports
      .read({ workspaceId, tenantName, ...checked.query })
      .then(async (report) => {
        const file = await reportFile(report, draft.format, reportFonts);
        downloadBlob(file.name, new Blob([typeof file.content === 'string' ? file.content : (file.content as Uint8Array<ArrayBuffer>)], { type: file.mime }));
        toast.success(`${reportKindWords[draft.kind]} report saved as ${file.name}${report.fromCache ? ' (made offline from this computer’s data)' : ''}.`);
      })
      .catch((error: unknown) => {
        const field = error instanceof BridgeError ? reportFieldOf(error.field) : null;
        if (field) setErrors({ [field]: errorText(error) });
        else setFailure(error);
      })
      .finally(() => setRunning(false));
  };

  return (
    <dialog ref={dialog} className="report-dialog" aria-labelledby="report-dialog-title" onClose={onClose}>
      <form className="report-dialog__form" onSubmit={onSubmit} noValidate>
        <h3 id="report-dialog-title">Make a report</h3>
        {offline && (
          <InlineAlert tone="info">
            Offline: trips, stops and idling are made from the trips kept on this computer, speeding and DTC history from the alerts kept here (without driver
            names); geofence visits, the daily summary and the driver scorecard need the connection.
          </InlineAlert>
        )}
        <label className="field__label" htmlFor="report-kind">
          Report
          <select id="report-kind" className="input" value={draft.kind} onChange={(e) => set({ kind: e.target.value as DataReportKind })} aria-describedby="report-kind-hint">
            {dataReportKinds.map((k) => (
              <option key={k} value={k}>
                {reportKindWords[k]}
                {offline && !dataReportInfo[k].offline ? ' (needs the connection)' : ''}
              </option>
            ))}
          </select>
        </label>
        <p id="report-kind-hint" className="field__hint report-dialog__hint">{reportKindHints[draft.kind]}</p>
        <div className="report-dialog__row">
          <label className="field__label" htmlFor="report-period">
            Period
            <select id="report-period" className="input" value={draft.preset} onChange={(e) => set({ preset: e.target.value as PeriodPreset, custom: period })}>
              {(Object.keys(presetLabels) as PeriodPreset[]).map((p) => <option key={p} value={p}>{presetLabels[p]}</option>)}
            </select>
          </label>
          {draft.preset === 'custom' ? (
            <span className="report-dialog__custom">
              <input className="input" type="date" aria-label="Report from" value={draft.custom.from} max={today} onChange={(e) => e.target.value && set({ custom: { ...draft.custom, from: e.target.value } })} />
              <span aria-hidden="true">–</span>
              <input className="input" type="date" aria-label="Report to" value={draft.custom.to} max={today} onChange={(e) => e.target.value && set({ custom: { ...draft.custom, to: e.target.value } })} />
            </span>
          ) : (
            <span className="muted report-dialog__range">{units.date(dayStart(period.from, units.timeZone))} – {units.date(dayStart(period.to, units.timeZone))}</span>
          )}
        </div>
        <FieldError id="report-period-error" error={errors.period} />
        <fieldset className="report-dialog__fieldset">
          <legend>Vehicles</legend>
          <div className="report-dialog__choices" role="radiogroup" aria-label="Vehicles">
            {(['all', 'group', 'vehicles', 'driver'] as const).map((s) => (
              <label key={s}>
                <input type="radio" name="report-selection" checked={draft.selection === s} onChange={() => set({ selection: s })} />
                {s === 'all' ? 'All vehicles' : s === 'group' ? 'One group' : s === 'vehicles' ? 'Chosen vehicles' : 'One driver'}
              </label>
            ))}
          </div>
          {draft.selection === 'group' && (
            <select aria-label="Group" className="input" value={draft.groupId} aria-invalid={errors.groupId ? true : undefined} onChange={(e) => set({ groupId: e.target.value })}>
              <option value="">Choose a group…</option>
              {groups.map(([id, name]) => <option key={id} value={id}>{name}</option>)}
            </select>
          )}
          <FieldError id="report-group-error" error={errors.groupId} />
          {draft.selection === 'vehicles' && (
            <div className="report-dialog__vehicles" role="group" aria-label="Chosen vehicles">
              {(vehicles.data?.items ?? []).map((v) => (
                <label key={v.id}>
                  <input type="checkbox" checked={draft.deviceIds.includes(v.id)} onChange={() => toggle(v.id)} />
                  {v.name}
                </label>
              ))}
            </div>
          )}
          <FieldError id="report-vehicles-error" error={errors.deviceIds} />
          {draft.selection === 'driver' && (
            <select aria-label="Driver" className="input" value={draft.driverId} aria-invalid={errors.driverId ? true : undefined} onChange={(e) => set({ driverId: e.target.value })}>
              <option value="">{drivers.length ? 'Choose a driver…' : 'No driver drove in the period on the Insights tab'}</option>
              {drivers.filter((d) => d.name !== null).map((d) => <option key={d.driverId} value={d.driverId}>{d.name}</option>)}
            </select>
          )}
          <FieldError id="report-driver-error" error={errors.driverId} />
        </fieldset>
        <fieldset className="report-dialog__fieldset">
          <legend>File</legend>
          <div className="report-dialog__choices" role="radiogroup" aria-label="Format">
            {reportFormats.map((f) => (
              <label key={f}>
                <input type="radio" name="report-format" checked={draft.format === f} onChange={() => set({ format: f })} />
                {formatWords[f]}
              </label>
            ))}
          </div>
        </fieldset>
        {/* Why the report could not be made sits with the buttons, in view however the form scrolls. */}
        <div className="report-dialog__actions">
          {failure !== null && <InlineAlert tone="error">Could not make the report: {errorText(failure)}</InlineAlert>}
          <div className="report-dialog__buttons">
            <button type="submit" className="button button--primary" disabled={running}>{running ? 'Making the report…' : `Save ${formatWords[draft.format]}`}</button>
            <button type="button" className="button" onClick={onClose}>Close</button>
          </div>
        </div>
      </form>
    </dialog>
  );
}
