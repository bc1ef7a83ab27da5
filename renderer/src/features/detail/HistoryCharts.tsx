import { useMemo } from 'react';
import type { PositionHistory } from '../../../../contract/bridge/domains/trips-domain.ts';
import { TimeChart, type ChartSeries } from '../../ui/chart/TimeChart.tsx';
import { useUnits } from '../../ui/units.ts';

const chartHeight = 150;

/**
 * The selected vehicle's speed and battery voltage over the last hours, on a time axis in the
 * tenant's zone. Battery fixes without a reading are skipped, not drawn as 0 V; a tracker that
 * reports no voltage (phones) gets a sentence instead of an empty chart.
 */
export function HistoryCharts({ history, hours }: { history: PositionHistory; hours: number }) {
  const units = useUnits();
  // Memoised on the history: the vehicle panel re-renders every second with live data, and a new
  // series would rebuild the chart each time.
  const speed = useMemo(() => {
    const values = history.speedKmh.map(units.speedValue);
    const series: ChartSeries[] = [{ label: 'Speed', kind: 'line', colour: 'accent', values, format: (v) => `${units.number(v)} ${units.speedUnit}` }];
    return { series, max: values.reduce((m, v) => Math.max(m, v), 0) };
  }, [history, units]);
  const battery = useMemo(() => {
    const times: number[] = [];
    const values: number[] = [];
    // An engine that predates the column sends none: treat it as "no readings".
    const volts = history.batteryVoltage ?? [];
    history.t.forEach((t, i) => {
      const v = volts[i];
      if (typeof v === 'number') {
        times.push(t);
        values.push(v);
      }
    });
    const series: ChartSeries[] = [{ label: 'Battery', kind: 'line', colour: 'idle', values, format: (v) => `${units.number(v, 2)} V` }];
    return { times, series, low: Math.min(...values), high: Math.max(...values) };
  }, [history, units]);
  const axis = useMemo(() => ({ speed: (v: number) => units.number(v), volts: (v: number) => units.number(v, 1) }), [units]);

  return (
    <>
      <section className="detail__section" aria-label="Speed history">
        <TimeChart
          title={`Speed, last ${hours} h`}
          summary={`max ${units.number(speed.max)} ${units.speedUnit}`}
          times={history.t}
          series={speed.series}
          resolution="time"
          formatAxis={axis.speed}
          zeroBased
          height={chartHeight}
          empty="no positions recorded in this period."
        />
      </section>
      <section className="detail__section" aria-label="Battery voltage history">
        <TimeChart
          title={`Battery, last ${hours} h`}
          summary={battery.times.length > 0 ? `${units.number(battery.low, 1)}–${units.number(battery.high, 1)} V` : undefined}
          times={battery.times}
          series={battery.series}
          resolution="time"
          formatAxis={axis.volts}
          height={chartHeight}
          empty="this vehicle reported no battery voltage in this period."
        />
      </section>
    </>
  );
}
