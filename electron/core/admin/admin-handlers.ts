import type { BridgeHandlers } from '../../../contract/bridge/console-bridge.ts';
import type { SettingsResponse } from '../../../contract/api/settings.ts';
import type { adminInputs } from '../../../contract/bridge/domains/admin-domain.ts';
import type { SessionManager } from '../session/session-manager.ts';
import { AdminApi } from './admin-api.ts';
import { alertAdminHandlers } from './alert-admin-handlers.ts';
import { reportAdminHandlers } from './report-admin-handlers.ts';

/** `settings.previewMap` belongs to the map gateway (map-gateway/map-preview-handlers.ts). */
type AdminHandlers = Pick<BridgeHandlers, Exclude<keyof typeof adminInputs, 'settings.previewMap'>>;

/**
 * Tenancy administration: each call runs with the workspace's access token (withAccess
 * refreshes it once on 401) and answers what the fleet cloud answered. Nothing is cached: admin
 * screens must show the server's truth, and permissions are the server's to enforce.
 */
/**
 * `onSettingsSaved` keeps the workspace's cached settings in step with a save made here, so units
 * and formats change on this console at once rather than at the next sync.
 */
export function adminHandlers(sessions: SessionManager, onSettingsSaved: (workspaceId: string, settings: SettingsResponse) => void = () => {}): AdminHandlers {
  const withApi = <T>(workspaceId: string, work: (api: AdminApi) => Promise<T>) =>
    sessions.withAccess(workspaceId, (client, token) => work(new AdminApi(client, token)));
  return {
    'admin.listTenants': ({ workspaceId, query }) => withApi(workspaceId, (api) => api.listTenants(query)),
    'admin.createTenant': ({ workspaceId, tenant }) => withApi(workspaceId, (api) => api.createTenant(tenant.name)),
    'admin.updateTenant': ({ workspaceId, tenantId, change }) => withApi(workspaceId, (api) => api.updateTenant(tenantId, change)),
    'admin.deleteTenant': ({ workspaceId, tenantId }) => withApi(workspaceId, async (api) => (await api.deleteTenant(tenantId), { tenantId })),
    'admin.getTenant': ({ workspaceId, tenantId }) => withApi(workspaceId, (api) => api.getTenant(tenantId)),
    'admin.scheduleDeletion': ({ workspaceId, tenantId, graceDays }) => withApi(workspaceId, (api) => api.scheduleDeletion(tenantId, graceDays)),
    'admin.restoreTenant': ({ workspaceId, tenantId }) => withApi(workspaceId, (api) => api.restoreTenant(tenantId)),
    'admin.startTenantExport': ({ workspaceId, tenantId }) =>
      withApi(workspaceId, async (api) => {
        const started = await api.startTenantExport(tenantId);
        return { export: started.export, downloadUrl: api.absoluteUrl(started.downloadPath) };
      }),
    'admin.tenantExport': ({ workspaceId, tenantId, exportId }) => withApi(workspaceId, (api) => api.tenantExport(tenantId, exportId)),
    'admin.startOwnExport': ({ workspaceId }) =>
      withApi(workspaceId, async (api) => {
        const started = await api.startOwnExport();
        return { export: started.export, downloadUrl: api.absoluteUrl(started.downloadPath) };
      }),
    'admin.ownExport': ({ workspaceId, exportId }) => withApi(workspaceId, (api) => api.ownExport(exportId)),
    'admin.usageCsv': ({ workspaceId, month }) => withApi(workspaceId, async (api) => ({ fileName: `usage-${month}.csv`, csv: await api.usageCsv(month) })),
    'admin.createTenantUser': ({ workspaceId, tenantId, user }) => withApi(workspaceId, (api) => api.createTenantUser(tenantId, user)),
    'admin.listInventory': ({ workspaceId, query }) => withApi(workspaceId, (api) => api.listInventory(query)),
    'admin.registerUnit': ({ workspaceId, unit }) => withApi(workspaceId, (api) => api.registerUnit(unit)),
    'admin.assignUnit': ({ workspaceId, unitId, mode, target }) => withApi(workspaceId, (api) => api.assignUnit(unitId, mode, target)),
    'admin.unassignUnit': ({ workspaceId, unitId }) => withApi(workspaceId, (api) => api.unassignUnit(unitId)),
    'admin.unitHistory': ({ workspaceId, unitId }) => withApi(workspaceId, (api) => api.unitHistory(unitId)),
    'admin.listMembers': ({ workspaceId, query }) => withApi(workspaceId, (api) => api.listMembers(query)),
    'admin.createMember': ({ workspaceId, user }) => withApi(workspaceId, (api) => api.createMember(user)),
    'admin.updateMember': ({ workspaceId, userId, change }) => withApi(workspaceId, (api) => api.updateMember(userId, change)),
    'admin.removeMember': ({ workspaceId, userId }) => withApi(workspaceId, async (api) => (await api.removeMember(userId), { userId })),
    'admin.listGroups': ({ workspaceId, query }) => withApi(workspaceId, (api) => api.listGroups(query)),
    'admin.createGroup': ({ workspaceId, group }) => withApi(workspaceId, (api) => api.createGroup(group.name)),
    'admin.renameGroup': ({ workspaceId, groupId, group }) => withApi(workspaceId, (api) => api.renameGroup(groupId, group.name)),
    'admin.deleteGroup': ({ workspaceId, groupId }) => withApi(workspaceId, async (api) => (await api.deleteGroup(groupId), { groupId })),
    'admin.listVehicles': ({ workspaceId }) => withApi(workspaceId, (api) => api.listVehicles()),
    'admin.updateVehicle': ({ workspaceId, deviceId, change }) => withApi(workspaceId, (api) => api.updateVehicle(deviceId, change)),
    'admin.listAudit': ({ workspaceId, query }) => withApi(workspaceId, (api) => api.listAudit(query)),
    'admin.changePassword': ({ workspaceId, change }) => withApi(workspaceId, async (api) => {
      await api.changePassword(change);
      // The offline password check follows the new password (docs/decisions/0080-offline-unlock-and-vault-notice.md).
      await sessions.passwordChanged(workspaceId, change.newPassword);
      return { changed: true as const };
    }),
    'admin.getProviderSettings': ({ workspaceId }) => withApi(workspaceId, (api) => api.getProviderSettings()),
    'admin.updateProviderSettings': ({ workspaceId, patch }) => withApi(workspaceId, (api) => api.updateProviderSettings(patch)),
    'admin.operationsOverview': ({ workspaceId, query }) => withApi(workspaceId, (api) => api.operationsOverview(query)),
    'admin.tenantOperations': ({ workspaceId, tenantId, query }) => withApi(workspaceId, (api) => api.tenantOperations(tenantId, query)),
    'admin.unitHealth': ({ workspaceId, query }) => withApi(workspaceId, (api) => api.unitHealth(query)),
    'admin.tenantPlan': ({ workspaceId, tenantId }) => withApi(workspaceId, (api) => api.tenantPlan(tenantId)),
    'admin.setTenantPlan': ({ workspaceId, tenantId, plan }) => withApi(workspaceId, (api) => api.setTenantPlan(tenantId, plan)),
    'admin.planUsage': ({ workspaceId }) => withApi(workspaceId, (api) => api.planUsage()),
    'settings.get': ({ workspaceId }) => withApi(workspaceId, (api) => api.getSettings()),
    'settings.update': ({ workspaceId, patch }) =>
      withApi(workspaceId, async (api) => {
        const saved = await api.updateSettings(patch);
        onSettingsSaved(workspaceId, saved);
        return saved;
      }),
    ...alertAdminHandlers(sessions),
    ...reportAdminHandlers(sessions),
  };
}
