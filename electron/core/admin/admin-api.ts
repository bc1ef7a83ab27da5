import type { AuditList, AuditListQuery } from '../../../contract/api/audit.ts';
import type { AssignDeviceRequest, DeviceAssignmentHistory, RegisterDeviceRequest, RegisteredDevice, RegistryDevice, RegistryList, RegistryListQuery } from '../../../contract/api/device-registry.ts';
import type { Device, DeviceListResponse, UpdateDeviceRequest } from '../../../contract/api/devices.ts';
import type { Group, GroupList, GroupListQuery } from '../../../contract/api/groups.ts';
import type { OperationsOverview, OperationsOverviewQuery, TenantOperationsDetail, TenantOperationsQuery, UnitHealthList, UnitHealthQuery } from '../../../contract/api/operations.ts';
import type { TenantPlan, TenantPlanView } from '../../../contract/api/plans.ts';
import type { StartedExport, TenantExport } from '../../../contract/api/lifecycle.ts';
import type { ProviderSettingsPatch, ProviderSettingsResponse } from '../../../contract/api/provider-settings.ts';
import type { SettingsPatch, SettingsResponse } from '../../../contract/api/settings.ts';
import type { Tenant, TenantList, TenantListQuery, UpdateTenantRequest } from '../../../contract/api/tenants.ts';
import type { ChangePasswordRequest, CreateUserRequest, Member, MemberList, MemberListQuery, UpdateMemberRequest } from '../../../contract/api/users.ts';
import type { FleetApiClient } from '../fleet-api/fleet-api-client.ts';

/** A query string from the defined fields of `params` (empty when none). */
export function query(params: object | undefined): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) if (value !== undefined && value !== null) search.set(key, String(value));
  return search.size ? `?${search}` : '';
}

const id = (value: string) => encodeURIComponent(value);

/** Typed calls of the fleet cloud's tenancy administration API for one access token. */
export class AdminApi {
  readonly #client: FleetApiClient;
  readonly #token: string;

  constructor(client: FleetApiClient, accessToken: string) {
    this.#client = client;
    this.#token = accessToken;
  }

  #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.#client.request<T>(method, path, body === undefined ? { accessToken: this.#token } : { accessToken: this.#token, body });
  }

  listTenants = (q?: TenantListQuery) => this.#call<TenantList>('GET', `/api/tenants${query(q)}`);
  createTenant = (name: string) => this.#call<Tenant>('POST', '/api/tenants', { name });
  updateTenant = (tenantId: string, change: UpdateTenantRequest) => this.#call<Tenant>('PATCH', `/api/tenants/${id(tenantId)}`, change);
  deleteTenant = (tenantId: string) => this.#call<undefined>('DELETE', `/api/tenants/${id(tenantId)}`);
  getTenant = (tenantId: string) => this.#call<Tenant>('GET', `/api/tenants/${id(tenantId)}`);
  scheduleDeletion = (tenantId: string, graceDays?: number) =>
    this.#call<Tenant>('POST', `/api/tenants/${id(tenantId)}/deletion`, graceDays === undefined ? {} : { graceDays });
  restoreTenant = (tenantId: string) => this.#call<Tenant>('DELETE', `/api/tenants/${id(tenantId)}/deletion`);
  startTenantExport = (tenantId: string) => this.#call<StartedExport>('POST', `/api/tenants/${id(tenantId)}/exports`);
  tenantExport = (tenantId: string, exportId: string) => this.#call<TenantExport>('GET', `/api/tenants/${id(tenantId)}/exports/${id(exportId)}`);
  startOwnExport = () => this.#call<StartedExport>('POST', '/api/exports');
  ownExport = (exportId: string) => this.#call<TenantExport>('GET', `/api/exports/${id(exportId)}`);
  usageCsv = (month: string) => this.#client.requestText(`/api/operations/usage${query({ month })}`, this.#token);
  /** Where a path of the fleet cloud is, for the browser's own download of it (exports). */
  absoluteUrl = (path: string) => `${this.#client.serverUrl}${path}`;
  createTenantUser = (tenantId: string, user: CreateUserRequest) => this.#call<Member>('POST', `/api/tenants/${id(tenantId)}/users`, user);

  listInventory = (q?: RegistryListQuery) => this.#call<RegistryList>('GET', `/api/device-registry${query(q)}`);
  registerUnit = (unit: RegisterDeviceRequest) => this.#call<RegisteredDevice>('POST', '/api/device-registry', unit);
  assignUnit = (unitId: string, mode: 'assign' | 'transfer', target: AssignDeviceRequest) =>
    this.#call<RegistryDevice>('POST', `/api/device-registry/${id(unitId)}/${mode}`, target);
  unassignUnit = (unitId: string) => this.#call<RegistryDevice>('POST', `/api/device-registry/${id(unitId)}/unassign`, {});
  unitHistory = (unitId: string) => this.#call<DeviceAssignmentHistory>('GET', `/api/device-registry/${id(unitId)}/history`);

  listMembers = (q?: MemberListQuery) => this.#call<MemberList>('GET', `/api/users${query(q)}`);
  createMember = (user: CreateUserRequest) => this.#call<Member>('POST', '/api/users', user);
  updateMember = (userId: string, change: UpdateMemberRequest) => this.#call<Member>('PATCH', `/api/users/${id(userId)}`, change);
  removeMember = (userId: string) => this.#call<undefined>('DELETE', `/api/users/${id(userId)}`);

  listGroups = (q?: GroupListQuery) => this.#call<GroupList>('GET', `/api/groups${query(q)}`);
  createGroup = (name: string) => this.#call<Group>('POST', '/api/groups', { name });
  renameGroup = (groupId: string, name: string) => this.#call<Group>('PATCH', `/api/groups/${id(groupId)}`, { name });
  deleteGroup = (groupId: string) => this.#call<undefined>('DELETE', `/api/groups/${id(groupId)}`);

  listVehicles = () => this.#call<DeviceListResponse>('GET', '/api/devices?limit=1000');
  updateVehicle = (deviceId: string, change: UpdateDeviceRequest) => this.#call<Device>('PATCH', `/api/devices/${id(deviceId)}`, change);
  listAudit = (q?: AuditListQuery) => this.#call<AuditList>('GET', `/api/audit${query(q)}`);
  changePassword = (change: ChangePasswordRequest) => this.#call<undefined>('POST', '/api/me/password', change);

  getSettings = () => this.#call<SettingsResponse>('GET', '/api/settings');
  getProviderSettings = () => this.#call<ProviderSettingsResponse>('GET', '/api/provider/settings');
  updateProviderSettings = (patch: ProviderSettingsPatch) => this.#call<ProviderSettingsResponse>('PATCH', '/api/provider/settings', patch);
  operationsOverview = (q?: OperationsOverviewQuery) => this.#call<OperationsOverview>('GET', `/api/operations/tenants${query(q)}`);
  tenantOperations = (tenantId: string, q?: TenantOperationsQuery) => this.#call<TenantOperationsDetail>('GET', `/api/operations/tenants/${id(tenantId)}${query(q)}`);
  unitHealth = (q?: UnitHealthQuery) => this.#call<UnitHealthList>('GET', `/api/operations/units${query(q)}`);
  tenantPlan = (tenantId: string) => this.#call<TenantPlanView>('GET', `/api/tenants/${id(tenantId)}/plan`);
  setTenantPlan = (tenantId: string, plan: TenantPlan) => this.#call<TenantPlanView>('PUT', `/api/tenants/${id(tenantId)}/plan`, plan);
  planUsage = () => this.#call<TenantPlanView>('GET', '/api/usage');
  updateSettings = (patch: SettingsPatch) => this.#call<SettingsResponse>('PATCH', '/api/settings', patch);
}
