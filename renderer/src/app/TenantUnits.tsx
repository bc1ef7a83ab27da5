import { useMemo, type ReactNode } from 'react';
import { defaultTenantSettings } from '../../../contract/api/settings.ts';
import { useFleet } from '../features/live/use-fleet.ts';
import { usePreferences } from '../features/settings/settings-store.ts';
import { makeUnits, UnitsContext } from '../ui/units.ts';

/**
 * Formats for everything inside a workspace (the dispatch console and administration alike): the
 * tenant's units, time zone and locale from its cached settings, the locale overridden by the
 * person's own choice (Settings) where they made one.
 */
export function TenantUnits({ workspaceId, children }: { workspaceId: string; children: ReactNode }) {
  const settings = useFleet(workspaceId).data?.settings;
  const personal = usePreferences((s) => s.locale);
  const distanceUnit = settings?.distanceUnit ?? defaultTenantSettings.distanceUnit;
  const timeZone = settings?.timeZone ?? defaultTenantSettings.timeZone;
  const locale = personal || (settings?.locale ?? defaultTenantSettings.locale);
  const units = useMemo(() => makeUnits({ distanceUnit, timeZone, locale }), [distanceUnit, timeZone, locale]);
  return <UnitsContext value={units}>{children}</UnitsContext>;
}
