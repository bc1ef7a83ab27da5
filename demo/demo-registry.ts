import { demoDevices } from './demo-fleet.ts';
import { demoId } from './demo-ids.ts';

/**
 * The provider's hardware inventory in the demo: every demo vehicle's unit (assigned), plus
 * spare units in stock (unassigned) for the provider to hand out.
 */
export interface DemoUnit {
  id: string;
  uniqueId: string;
  model: string;
  /** The demo vehicle it is fitted to, or null: in stock, its reports are rejected. */
  deviceId: string | null;
  tenantId: string | null;
}

/** Demo units report with a guessable secret. Real units get a random one (see device registry). */
export const demoDeviceSecret = (uniqueId: string) => `demo-secret-${uniqueId}`;

const unit = (uniqueId: string, model: string, deviceId: string | null, tenantId: string | null): DemoUnit => ({
  id: demoId(`unit:${uniqueId}`),
  uniqueId,
  model,
  deviceId,
  tenantId,
});

export const demoUnits: DemoUnit[] = [
  ...demoDevices.map((d) => unit(d.uniqueId, d.vehicleType === 'car' ? 'Traccar Client (phone)' : 'OBD-II dongle', d.id, d.tenant.id)),
  ...['356938035649901', '356938035649902', '356938035649903', '356938035649904'].map((id) => unit(id, 'OBD-II dongle', null, null)),
];
