import { useQuery } from '@tanstack/react-query';
import { useBridge } from '../../bridge/bridge-context.ts';
import { queryKeys } from '../../bridge/query-keys.ts';
import { InlineAlert } from '../../ui/InlineAlert.tsx';
import { Spinner } from '../../ui/Spinner.tsx';
import { useUnits } from '../../ui/units.ts';
import { errorText } from '../../ui/error-text.ts';


/** Vehicle health from the engine (cached offline): battery, engine readings, trouble codes. */
export function HealthCard({ workspaceId, deviceId }: { workspaceId: string; deviceId: string }) {
  const bridge = useBridge();
  const units = useUnits();
  const health = useQuery({
    queryKey: queryKeys.health(workspaceId, deviceId),
    queryFn: () => bridge.telemetry.health({ workspaceId, deviceId }),
    retry: false,
    refetchInterval: 30_000,
  });
  if (health.isPending) {
    return (
      <p className="muted" role="status">
        <Spinner /> Loading vehicle health…
      </p>
    );
  }
  if (health.isError) return <InlineAlert tone="info">Vehicle health is not available: {errorText(health.error)}</InlineAlert>;
  const h = health.data;
  // A reading the tracker never sent is said so, not drawn as a dash (issue 12).
  const notReported = <span className="muted">not reported by this tracker</span>;
  const value = (v: number | null, unit: string) => (v === null ? notReported : `${units.number(v, 1)} ${unit}`);
  return (
    <section className="detail__section" aria-labelledby="health-title">
      <h3 id="health-title" className="detail__section-title">
        Health {h.lowBattery && <span className="badge badge--warning">Low battery</span>}
      </h3>
      <dl className="detail__facts detail__facts--grid">
        <div>
          <dt>Battery</dt>
          <dd>{value(h.batteryVoltage, 'V')}</dd>
        </div>
        <div>
          <dt>Tracker battery</dt>
          <dd>{value(h.batteryLevelPercent, '%')}</dd>
        </div>
        <div>
          <dt>Ignition</dt>
          <dd>{h.ignition === null ? notReported : h.ignition ? 'On' : 'Off'}</dd>
        </div>
        <div>
          <dt>Fuel</dt>
          <dd>{value(h.fuelLevelPercent, '%')}</dd>
        </div>
        <div>
          <dt>Coolant</dt>
          <dd>{value(h.coolantTempC, '°C')}</dd>
        </div>
        <div>
          <dt>Odometer</dt>
          <dd>{h.odometerKm === null ? notReported : units.distance(h.odometerKm)}</dd>
        </div>
      </dl>
      <h4 className="detail__subtitle">Trouble codes</h4>
      {h.dtcCodes.length === 0 ? (
        <p className="muted">No active trouble codes.</p>
      ) : (
        <ul className="dtc-list">
          {h.dtcCodes.map((dtc) => (
            <li key={dtc.code}>
              <span className="mono dtc-list__code">{dtc.code}</span> {dtc.description ?? 'Manufacturer-specific code'}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
