import { Type, type TSchema } from 'typebox';
import type { DeviceListResponse, Device } from '../../api/devices.ts';
import { Uuid } from '../../api/ids.ts';
import { CreateSupportGrantRequest, type ActiveSupportGrant, type ActiveSupportGrantList, type SupportGrant, type SupportGrantList } from '../../api/support.ts';
import type { BridgeCall, BridgeInput } from '../console-bridge.ts';
import { unwrap } from '../unwrap.ts';

const WorkspaceId = Type.String({ minLength: 1, maxLength: 256 });
const input = <P extends Record<string, TSchema>>(properties: P) => Type.Object({ workspaceId: WorkspaceId, ...properties }, { additionalProperties: false });

/**
 * A support session the engine holds for an operator's workspace (decision 0210). Its token
 * stays in the engine; the renderer gets the terms, to show them in the support banner.
 */
export interface SupportSessionInfo {
  workspaceId: string;
  grant: ActiveSupportGrant;
  /** The fleet cloud's clock when the session was opened: the banner counts down from it. */
  serverTime: string;
}

/**
 * Support access with consent (issue 14): the owner's grants (support.grant), and the operator's
 * support sessions in client accounts that granted access (support.open). A session's calls
 * fail with reason `support-grant-ended` once the grant expired or was revoked.
 */
export const supportInputs = {
  'support.listGrants': input({}),
  'support.grant': input({ grant: CreateSupportGrantRequest }),
  'support.revoke': input({ grantId: Uuid }),
  'support.activeGrants': input({}),
  'support.open': input({ tenantId: Uuid }),
  'support.vehicles': input({ tenantId: Uuid }),
  'support.renameVehicle': input({ tenantId: Uuid, deviceId: Uuid, name: Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' }) }),
  'support.close': input({ tenantId: Uuid }),
} as const;

export interface SupportOutputs {
  'support.listGrants': SupportGrantList;
  'support.grant': SupportGrant;
  'support.revoke': SupportGrant;
  'support.activeGrants': ActiveSupportGrantList;
  'support.open': SupportSessionInfo;
  'support.vehicles': DeviceListResponse;
  'support.renameVehicle': Device;
  'support.close': { closed: true };
}

type SupportMethod = keyof typeof supportInputs;
type Verb<M extends SupportMethod> = M extends `support.${infer V}` ? V : never;

export interface SupportBridge {
  support: { [M in SupportMethod as Verb<M>]: (input: BridgeInput<M>) => Promise<SupportOutputs[M]> };
}

export function buildSupportBridge(call: BridgeCall): SupportBridge {
  return {
    support: {
      listGrants: (i) => unwrap(call('support.listGrants', i)),
      grant: (i) => unwrap(call('support.grant', i)),
      revoke: (i) => unwrap(call('support.revoke', i)),
      activeGrants: (i) => unwrap(call('support.activeGrants', i)),
      open: (i) => unwrap(call('support.open', i)),
      vehicles: (i) => unwrap(call('support.vehicles', i)),
      renameVehicle: (i) => unwrap(call('support.renameVehicle', i)),
      close: (i) => unwrap(call('support.close', i)),
    },
  };
}
