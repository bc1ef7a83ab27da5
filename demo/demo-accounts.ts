import type { Role, TenantKind } from '../contract/api/auth.ts';
import { demoId } from './demo-ids.ts';

/**
 * The demo world other engineers build on (console, E2E, README). Change it only together
 * with them: tests elsewhere sign in with these names.
 */
export const demoPassword = 'demo-password-1';

export interface DemoTenant {
  id: string;
  name: string;
  kind: TenantKind;
}

const tenant = (name: string, kind: TenantKind): DemoTenant => ({ id: demoId(`tenant:${name}`), name, kind });

export const demoTenants = {
  nordicFleetServices: tenant('Nordic Fleet Services', 'provider'),
  gothenburgFreight: tenant('Gothenburg Freight AB', 'client'),
  harbourTaxi: tenant('Harbour Taxi', 'client'),
  cityUtilities: tenant('City Utilities', 'client'),
} as const;

export interface DemoAccount {
  id: string;
  username: string;
  displayName: string;
  password: string;
  /** groupKeys: the membership is limited to these demo groups (keys of demoGroups). */
  memberships: readonly { tenant: DemoTenant; role: Role; groupKeys?: readonly string[] }[];
}

const account = (username: string, displayName: string, memberships: DemoAccount['memberships']): DemoAccount => ({
  id: demoId(`user:${username}`),
  username,
  displayName,
  password: demoPassword,
  memberships,
});

export const demoAccounts = {
  operator: account('operator', 'Olivia Operator', [{ tenant: demoTenants.nordicFleetServices, role: 'operator' }]),
  /** The manager with two tenants. */
  maria: account('maria', 'Maria Manager', [
    { tenant: demoTenants.gothenburgFreight, role: 'owner' },
    { tenant: demoTenants.harbourTaxi, role: 'admin' },
  ]),
  /** Scoped to the North depot: sees GF Truck 01–03 only. */
  erik: account('erik', 'Erik Dispatcher', [{ tenant: demoTenants.gothenburgFreight, role: 'dispatcher', groupKeys: ['northDepot'] }]),
  anders: account('anders', 'Anders Admin', [{ tenant: demoTenants.gothenburgFreight, role: 'admin' }]),
  /** Scoped to the South depot: sees GF Truck 04–06 only. */
  vera: account('vera', 'Vera Viewer', [{ tenant: demoTenants.gothenburgFreight, role: 'viewer', groupKeys: ['southDepot'] }]),
  sofia: account('sofia', 'Sofia Admin', [{ tenant: demoTenants.cityUtilities, role: 'admin' }]),
  viktor: account('viktor', 'Viktor Viewer', [{ tenant: demoTenants.harbourTaxi, role: 'viewer' }]),
} as const;
