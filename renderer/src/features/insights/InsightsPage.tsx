import { useMemo, useState } from 'react';
import { dayStart } from '../../../../contract/time/local-day.ts';
import { useBridge } from '../../bridge/bridge-context.ts';
import { errorText } from '../../ui/error-text.ts';
import { InlineAlert } from '../../ui/InlineAlert.tsx';
import { Spinner } from '../../ui/Spinner.tsx';
import { TimeChart, type ChartSeries } from '../../ui/chart/TimeChart.tsx';
import { useUnits } from '../../ui/units.ts';
import { useNow } from '../../ui/use-now.ts';
import { driverColumns, vehicleColumns } from './insights-columns.ts';
import type { ReportFormat } from '../../../../contract/reports/report-formats.ts';
import { exportInsights } from './insights-export.ts';
import { headlineKpis } from './insights-figures.ts';
import { periodDays, presetLabels, presetPeriod, type Period, type PeriodPreset } from './insights-period.ts';
import { KpiCards } from './KpiCards.tsx';
import { ReportDialog } from '../reports/ReportDialog.tsx';
import { RankedTable } from './RankedTable.tsx';
import { pageSize, useInsights, type InsightsView } from './use-insights.ts';
import './insights.css';

interface Props {
  workspaceId: string;
  tenantName: string;
  /** Drill-down: show this vehicle in the operations view. */
  onOpenVehicle(deviceId: string): void;
}


/** "How is my fleet doing?" — a period's figures against the previous one, per day, per vehicle and driver. */
export function InsightsPage({ workspaceId, tenantName, onOpenVehicle }: Props) {
  const units = useUnits();
  const bridge = useBridge();
  // Re-read each minute so a screen left open past midnight moves its rolling periods on.
  const today = units.day(useNow(60_000));
  const [preset, setPreset] = useState<PeriodPreset>('last7');
  const [custom, setCustom] = useState<Period>(() => presetPeriod('last7', today));
  const period = preset === 'custom' ? custom : presetPeriod(preset, today);
  const [ranking, setRanking] = useState<Omit<InsightsView, 'period'>>({ sort: 'distanceKm', order: 'desc', offset: 0, driverOffset: 0 });
  const view: InsightsView = { period, ...ranking };
  const insights = useInsights(workspaceId, view);
  const [exporting, setExporting] = useState<ReportFormat | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);
  const [picking, setPicking] = useState(false);
  const data = insights.data;

  const days = periodDays(period);
  const kpis = useMemo(() => (data ? headlineKpis(data, days, units) : []), [data, days, units]);
  const times = useMemo(() => data?.series.map((d) => dayStart(d.day, data.timeZone)) ?? [], [data]);
  const distanceSeries = useMemo<ChartSeries[]>(
    () => [{ label: 'Distance', kind: 'bars', colour: 'accent', values: data?.series.map((d) => d.distanceKm) ?? [], format: (v) => units.distance(v) }],
    [data, units],
  );
  const timeSeries = useMemo<ChartSeries[]>(
    () => [
      { label: 'Driving', kind: 'bars', colour: 'moving', values: data?.series.map((d) => d.drivingS / 3600) ?? [], format: (v) => `${units.number(v, 1)} h` },
      { label: 'Idling', kind: 'line', colour: 'idle', values: data?.series.map((d) => d.idleS / 3600) ?? [], format: (v) => `${units.number(v, 1)} h` },
    ],
    [data, units],
  );
  const axes = useMemo(
    () => ({
      distance: (v: number) => units.distance(v),
      // Small fleets drive minutes a day: a decimal keeps the ticks apart.
      hours: (v: number) => `${units.number(v, Math.abs(v) < 10 ? 1 : 0)} h`,
    }),
    [units],
  );

  const setPeriod = (next: PeriodPreset) => {
    setPreset(next);
    setRanking((r) => ({ ...r, offset: 0, driverOffset: 0 }));
  };
  const runExport = (format: ReportFormat) => {
    setExporting(format);
    setExportError(null);
    exportInsights(format, bridge, workspaceId, tenantName, view).then(
      () => setExporting(null),
      (error: unknown) => {
        setExporting(null);
        setExportError(error);
      },
    );
  };
  const previousLabel = data ? `${units.date(dayStart(data.previousFrom, data.timeZone))} – ${units.date(dayStart(data.previousTo, data.timeZone))}` : '';

  return (
    <main className="insights" aria-labelledby="insights-title" aria-busy={insights.isFetching}>
      <header className="insights__bar">
        <h2 id="insights-title" className="insights__title">
          Fleet insights
        </h2>
        <label className="insights__period">
          <span className="visually-hidden">Period</span>
          <select className="input" value={preset} onChange={(e) => setPeriod(e.target.value as PeriodPreset)} aria-label="Period">
            {(Object.keys(presetLabels) as PeriodPreset[]).map((p) => (
              <option key={p} value={p}>
                {presetLabels[p]}
              </option>
            ))}
          </select>
        </label>
        {preset === 'custom' && (
          <span className="insights__custom">
            <input className="input" type="date" aria-label="From" value={custom.from} max={custom.to} onChange={(e) => e.target.value && setCustom((c) => ({ ...c, from: e.target.value }))} />
            <span aria-hidden="true">–</span>
            <input className="input" type="date" aria-label="To" value={custom.to} min={custom.from} max={today} onChange={(e) => e.target.value && setCustom((c) => ({ ...c, to: e.target.value }))} />
          </span>
        )}
        <span className="insights__range muted" data-testid="insights-range">
          {units.date(dayStart(period.from, units.timeZone))} – {units.date(dayStart(period.to, units.timeZone))}
          {data && ` · compared with ${previousLabel}`}
        </span>
        <span className="insights__spacer" />
        {insights.isFetching && data && <Spinner />}
        {/* One group: on a narrow window the four move to the next line together, never one alone. */}
        <span className="insights__actions">
          <button type="button" className="button button--primary" onClick={() => setPicking(true)}>
            Reports…
          </button>
          <button type="button" className="button" disabled={!data || exporting !== null} onClick={() => runExport('csv')}>
            {exporting === 'csv' ? 'Exporting…' : 'Export CSV'}
          </button>
          <button type="button" className="button" disabled={!data || exporting !== null} onClick={() => runExport('xlsx')}>
            {exporting === 'xlsx' ? 'Exporting…' : 'Export Excel'}
          </button>
          <button type="button" className="button" disabled={!data || exporting !== null} onClick={() => runExport('pdf')}>
            {exporting === 'pdf' ? 'Exporting…' : 'Export PDF'}
          </button>
        </span>
      </header>
      {picking && (
        <ReportDialog workspaceId={workspaceId} tenantName={tenantName} preset={preset} custom={period} drivers={data?.drivers ?? []} onClose={() => setPicking(false)} />
      )}
      {data?.fromCache && (
        <InlineAlert tone="info">
          Offline: these figures were saved on this computer at {units.dateTime(data.storedAt)}. They update when the connection is back.
        </InlineAlert>
      )}
      {exportError !== null && <InlineAlert tone="error">Could not export the report: {errorText(exportError)}</InlineAlert>}
      {insights.isError && (
        <InlineAlert tone="error" action={<button type="button" className="button" onClick={() => void insights.refetch()}>Try again</button>}>
          Could not load the fleet's figures: {errorText(insights.error)}
        </InlineAlert>
      )}
      {!data && insights.isPending && (
        <p className="insights__loading" role="status">
          <Spinner /> Loading the fleet's figures…
        </p>
      )}
      {data && (
        <div className="insights__body">
          <KpiCards kpis={kpis} previousLabel={previousLabel} />
          <div className="insights__charts">
            <TimeChart title="Distance per day" times={times} series={distanceSeries} formatAxis={axes.distance} zeroBased />
            <TimeChart title="Driving and idling per day" times={times} series={timeSeries} formatAxis={axes.hours} zeroBased />
          </div>
          <RankedTable
            caption="Vehicles"
            testId="insights-vehicles"
            rows={data.vehicles}
            rowKey={(v) => v.deviceId}
            columns={vehicleColumns(units)}
            sort={data.sort}
            order={data.order}
            offset={data.offset}
            pageSize={pageSize}
            total={data.vehicleCount}
            onSort={(sort, order) => setRanking({ sort, order, offset: 0, driverOffset: 0 })}
            onPage={(offset) => setRanking((r) => ({ ...r, offset }))}
            onOpen={(v) => onOpenVehicle(v.deviceId)}
            empty="No vehicles in this account."
          />
          <RankedTable
            caption="Drivers"
            testId="insights-drivers"
            rows={data.drivers}
            rowKey={(d) => d.driverId}
            columns={driverColumns(units)}
            sort={data.sort}
            order={data.order}
            offset={data.driverOffset ?? 0}
            pageSize={pageSize}
            total={data.driverCount}
            onSort={(sort, order) => setRanking({ sort, order, offset: 0, driverOffset: 0 })}
            onPage={(driverOffset) => setRanking((r) => ({ ...r, driverOffset }))}
            empty="No driver was assigned to a vehicle that drove in this period."
          />
        </div>
      )}
    </main>
  );
}
