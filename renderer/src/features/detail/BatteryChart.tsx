import type { PositionHistory } from '../../../../contract/bridge/domains/trips-domain.ts';
import { SparkChart } from '../../ui/SparkChart.tsx';

/**
 * Battery voltage over the same hours as the speed chart, from the readings that came with each
 * fix (fixes without one are skipped, not drawn as 0 V). Phone trackers report no voltage: then
 * the section says so instead of showing an empty chart.
 */
export function BatteryChart({ history, hours }: { history: PositionHistory; hours: number }) {
  const xs: number[] = [];
  const ys: number[] = [];
  // An engine that predates the column sends none: treat it as "no readings".
  const volts = history.batteryVoltage ?? [];
  for (let i = 0; i < history.t.length; i++) {
    const v = volts[i];
    if (typeof v === 'number') {
      xs.push(history.t[i] ?? 0);
      ys.push(v);
    }
  }
  return (
    <section className="detail__section" aria-label="Battery voltage history">
      {xs.length >= 2 ? (
        <SparkChart xs={xs} ys={ys} label={`Battery, last ${hours} h`} unit="V" color="var(--status-idle)" zeroBased={false} digits={1} />
      ) : (
        <p className="chart-empty muted">Battery, last {hours} h: this vehicle reported no battery voltage in this period.</p>
      )}
    </section>
  );
}
