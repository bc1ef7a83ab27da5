import { Type } from 'typebox';
import type { AuditList } from '../../api/audit.ts';
import { AuditListQuery } from '../../api/audit.ts';
import { AssignDeviceRequest, RegisterDeviceRequest, RegistryListQuery } from '../../api/device-registry.ts';
import type { DeviceAssignmentHistory, RegisteredDevice, RegistryDevice, RegistryList } from '../../api/device-registry.ts';
import { UpdateDeviceRequest, type Device, type DeviceListResponse } from '../../api/devices.ts';
import { GroupInput, GroupListQuery, type Group, type GroupList } from '../../api/groups.ts';
import { Uuid } from '../../api/ids.ts';
import { OperationsOverviewQuery, TenantOperationsQuery, UnitHealthQuery } from '../../api/operations.ts';
import type { OperationsOverview, TenantOperationsDetail, UnitHealthList } from '../../api/operations.ts';
import { TenantPlan, type TenantPlanView } from '../../api/plans.ts';
import { graceDays, UsageQuery, type TenantExport } from '../../api/lifecycle.ts';
import { ProviderSettingsPatch, type ProviderSettingsResponse } from '../../api/provider-settings.ts';
import { MapSource, SettingsPatch, type SettingsResponse } from '../../api/settings.ts';
import { CreateTenantRequest, TenantListQuery, UpdateTenantRequest, type Tenant, type TenantList } from '../../api/tenants.ts';
import { ChangePasswordRequest, CreateUserRequest, MemberListQuery, UpdateMemberRequest, type Member, type MemberList } from '../../api/users.ts';
import type { BridgeCall, BridgeInput } from '../console-bridge.ts';
import { unwrap } from '../unwrap.ts';
import { alertAdminInputs, type AlertAdminOutputs } from './alert-admin-inputs.ts';
import { reportAdminInputs, type ReportAdminOutputs } from './report-admin-inputs.ts';

const WorkspaceId = Type.String({ minLength: 1, maxLength: 256 });
const input = <P extends Parameters<typeof Type.Object>[0]>(properties: P) =>
  Type.Object({ workspaceId: WorkspaceId, ...properties }, { additionalProperties: false });

/**
 * Tenancy administration in the active workspace (issue 3): the provider's client accounts and
 * hardware inventory, a tenant admin's members, groups, vehicles and audit log, and the
 * tenant settings every member reads. The fleet cloud enforces permissions; the console only
 * hides what a role cannot use (contract/api/permissions.ts).
 */
export const adminInputs = {
  'admin.listTenants': input({ query: Type.Optional(TenantListQuery) }),
  'admin.createTenant': input({ tenant: CreateTenantRequest }),
  'admin.updateTenant': input({ tenantId: Uuid, change: UpdateTenantRequest }),
  'admin.deleteTenant': input({ tenantId: Uuid }),
  'admin.createTenantUser': input({ tenantId: Uuid, user: CreateUserRequest }),
  /** A client account's lifecycle (operators; decision 0250): deletion after a grace period, restore, export. */
  'admin.getTenant': input({ tenantId: Uuid }),
  'admin.scheduleDeletion': input({ tenantId: Uuid, graceDays: Type.Optional(Type.Integer({ minimum: graceDays.min, maximum: graceDays.max })) }),
  'admin.restoreTenant': input({ tenantId: Uuid }),
  'admin.startTenantExport': input({ tenantId: Uuid }),
  'admin.tenantExport': input({ tenantId: Uuid, exportId: Uuid }),
  /** An owner exports their own account (account.export). */
  'admin.startOwnExport': input({}),
  'admin.ownExport': input({ exportId: Uuid }),
  /** Every account's usage in one month, as CSV for billing (operators). */
  'admin.usageCsv': input({ month: UsageQuery.properties.month }),
  'admin.listInventory': input({ query: Type.Optional(RegistryListQuery) }),
  'admin.registerUnit': input({ unit: RegisterDeviceRequest }),
  'admin.assignUnit': input({ unitId: Uuid, mode: Type.Union([Type.Literal('assign'), Type.Literal('transfer')]), target: AssignDeviceRequest }),
  'admin.unassignUnit': input({ unitId: Uuid }),
  'admin.unitHistory': input({ unitId: Uuid }),
  'admin.listMembers': input({ query: Type.Optional(MemberListQuery) }),
  'admin.createMember': input({ user: CreateUserRequest }),
  'admin.updateMember': input({ userId: Uuid, change: UpdateMemberRequest }),
  'admin.removeMember': input({ userId: Uuid }),
  'admin.listGroups': input({ query: Type.Optional(GroupListQuery) }),
  'admin.createGroup': input({ group: GroupInput }),
  'admin.renameGroup': input({ groupId: Uuid, group: GroupInput }),
  'admin.deleteGroup': input({ groupId: Uuid }),
  'admin.listVehicles': input({}),
  'admin.updateVehicle': input({ deviceId: Uuid, change: UpdateDeviceRequest }),
  'admin.listAudit': input({ query: Type.Optional(AuditListQuery) }),
  'admin.changePassword': input({ change: ChangePasswordRequest }),
  /** The provider's own settings (the geocoding service); operators only. */
  'admin.getProviderSettings': input({}),
  'admin.updateProviderSettings': input({ patch: ProviderSettingsPatch }),
  /** The provider's operations overview: counts and health of every client account (operators). */
  'admin.operationsOverview': input({ query: Type.Optional(OperationsOverviewQuery) }),
  'admin.tenantOperations': input({ tenantId: Uuid, query: Type.Optional(TenantOperationsQuery) }),
  'admin.unitHealth': input({ query: Type.Optional(UnitHealthQuery) }),
  /** A client account's plan and usage (operators), and setting it (decision 0200). */
  'admin.tenantPlan': input({ tenantId: Uuid }),
  'admin.setTenantPlan': input({ tenantId: Uuid, plan: TenantPlan }),
  /** The active account's plan and what it uses of it (members who read settings). */
  'admin.planUsage': input({}),
  'settings.get': input({}),
  'settings.update': input({ patch: SettingsPatch }),
  /**
   * An admin's Preview of an online map source not saved yet: the engine's map gateway serves it
   * for a few minutes (contract/map-gateway.ts). Needs `settings.manage`; an offline source or an
   * unusable address is refused naming the field.
   */
  'settings.previewMap': input({ source: MapSource }),
  ...alertAdminInputs,
  ...reportAdminInputs,
} as const;

export interface AdminOutputs extends AlertAdminOutputs, ReportAdminOutputs {
  'admin.listTenants': TenantList;
  'admin.createTenant': Tenant;
  'admin.updateTenant': Tenant;
  'admin.deleteTenant': { tenantId: string };
  'admin.createTenantUser': Member;
  'admin.getTenant': Tenant;
  'admin.scheduleDeletion': Tenant;
  'admin.restoreTenant': Tenant;
  /** `downloadUrl`: the fleet cloud's one-time link; the renderer hands it to the browser's download. */
  'admin.startTenantExport': { export: TenantExport; downloadUrl: string };
  'admin.tenantExport': TenantExport;
  'admin.startOwnExport': { export: TenantExport; downloadUrl: string };
  'admin.ownExport': TenantExport;
  'admin.usageCsv': { fileName: string; csv: string };
  'admin.listInventory': RegistryList;
  'admin.registerUnit': RegisteredDevice;
  'admin.assignUnit': RegistryDevice;
  'admin.unassignUnit': RegistryDevice;
  'admin.unitHistory': DeviceAssignmentHistory;
  'admin.listMembers': MemberList;
  'admin.createMember': Member;
  'admin.updateMember': Member;
  'admin.removeMember': { userId: string };
  'admin.listGroups': GroupList;
  'admin.createGroup': Group;
  'admin.renameGroup': Group;
  'admin.deleteGroup': { groupId: string };
  /** Straight from the server (not the sync cache): admins edit the current truth. */
  'admin.listVehicles': DeviceListResponse;
  'admin.updateVehicle': Device;
  'admin.listAudit': AuditList;
  'admin.changePassword': { changed: true };
  'admin.getProviderSettings': ProviderSettingsResponse;
  'admin.updateProviderSettings': ProviderSettingsResponse;
  'admin.operationsOverview': OperationsOverview;
  'admin.tenantOperations': TenantOperationsDetail;
  'admin.unitHealth': UnitHealthList;
  'admin.tenantPlan': TenantPlanView;
  'admin.setTenantPlan': TenantPlanView;
  'admin.planUsage': TenantPlanView;
  'settings.get': SettingsResponse;
  'settings.update': SettingsResponse;
  /** Until when (ISO 8601) the gateway serves the previewed address. */
  'settings.previewMap': { allowedUntil: string };
}

type AdminMethod = keyof typeof adminInputs;
type Verbs<Domain extends string> = {
  [M in AdminMethod as M extends `${Domain}.${infer Verb}` ? Verb : never]: (input: BridgeInput<M>) => Promise<AdminOutputs[M]>;
};

export interface AdminBridge {
  admin: Verbs<'admin'>;
  /** The active tenant's settings: every member reads them; the console applies them at once. */
  settings: Verbs<'settings'>;
}

function domain<D extends 'admin' | 'settings'>(call: BridgeCall, name: D): Verbs<D> {
  const methods = (Object.keys(adminInputs) as AdminMethod[]).filter((m) => m.startsWith(`${name}.`));
  // Each entry forwards to the method of the same name; the mapped type above is what it builds.
  return Object.fromEntries(methods.map((m) => [m.slice(name.length + 1), (value: BridgeInput<typeof m>) => unwrap(call(m, value))])) as unknown as Verbs<D>;
}

export function buildAdminBridge(call: BridgeCall): AdminBridge {
  return { admin: domain(call, 'admin'), settings: domain(call, 'settings') };
}
