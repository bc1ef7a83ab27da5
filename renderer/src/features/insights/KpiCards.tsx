import { useUnits } from '../../ui/units.ts';
import { changeText, type Kpi } from './insights-figures.ts';

/** The period's headline figures, each with its change against the previous period. */
export function KpiCards({ kpis, previousLabel }: { kpis: readonly Kpi[]; previousLabel: string }) {
  const units = useUnits();
  return (
    <ul className="kpi-grid" aria-label="Headline figures">
      {kpis.map((kpi) => {
        const delta = changeText(kpi.change, kpi.better, units);
        return (
          <li key={kpi.id} className="kpi" data-testid={`kpi-${kpi.id}`}>
            <span className="kpi__label">{kpi.label}</span>
            <span className="kpi__value">{kpi.value}</span>
            {kpi.detail && <span className="kpi__detail">{kpi.detail}</span>}
            <span className={`kpi__change kpi__change--${delta.tone}`} title={`Compared with ${previousLabel}`}>
              {delta.text}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
