import type { Role, TenantKind } from '../../../contract/api/auth.ts';
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
  memberships: readonly { tenant: DemoTenant; role: Role }[];
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
  erik: account('erik', 'Erik Dispatcher', [{ tenant: demoTenants.gothenburgFreight, role: 'dispatcher' }]),
  sofia: account('sofia', 'Sofia Admin', [{ tenant: demoTenants.cityUtilities, role: 'admin' }]),
  viktor: account('viktor', 'Viktor Viewer', [{ tenant: demoTenants.harbourTaxi, role: 'viewer' }]),
} as const;
