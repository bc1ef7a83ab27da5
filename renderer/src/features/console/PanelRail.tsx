import { useOpenAlertCount } from '../alerts/use-alert-list.ts';
import type { PanelName } from './console-store.ts';
import { panelLabels } from './side-panels.ts';

interface Props {
  side: 'left' | 'right';
  /** Left rail: the vehicle count on its one button. */
  vehicleCount?: number;
  /** Right rail: one button per tab. */
  panels?: readonly PanelName[];
  activePanel?: PanelName;
  onOpen(panel?: PanelName): void;
}

/**
 * A folded side panel: a narrow strip whose buttons open it again (on the tab asked for), so a
 * small window keeps the map wide without hiding that the panels exist.
 */
export function PanelRail({ side, vehicleCount, panels = [], activePanel, onOpen }: Props) {
  if (side === 'left') {
    return (
      <nav className="panel-rail panel-rail--left" aria-label="Vehicle list (folded)">
        <button type="button" className="panel-rail__button" onClick={() => onOpen()} aria-label="Show the vehicle list" title="Show the vehicle list">
          <span className="panel-rail__icon" aria-hidden="true">
            »
          </span>
          <span className="panel-rail__text">Vehicles{vehicleCount !== undefined ? ` · ${vehicleCount}` : ''}</span>
        </button>
      </nav>
    );
  }
  return <RightRail panels={panels} activePanel={activePanel} onOpen={onOpen} />;
}

/** Its own component: the alert count is read here, so a new alert re-renders the rail, not the console. */
function RightRail({ panels, activePanel, onOpen }: Pick<Props, 'activePanel' | 'onOpen'> & { panels: readonly PanelName[] }) {
  const openAlerts = useOpenAlertCount();
  return (
    <nav className="panel-rail panel-rail--right" aria-label="Details (folded)">
      {panels.map((name) => (
        <button
          key={name}
          type="button"
          className="panel-rail__button"
          aria-current={name === activePanel ? 'true' : undefined}
          onClick={() => onOpen(name)}
          aria-label={`Show ${panelLabels[name].toLowerCase()}${name === 'alerts' && openAlerts > 0 ? ` (${openAlerts} open)` : ''}`}
          title={`Show ${panelLabels[name].toLowerCase()}`}
        >
          <span className="panel-rail__text">{panelLabels[name]}</span>
          {name === 'alerts' && openAlerts > 0 && <span className="panel-tab__badge panel-rail__badge">{openAlerts}</span>}
        </button>
      ))}
    </nav>
  );
}
