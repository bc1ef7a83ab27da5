import { useState, type ReactNode } from 'react';
import { can } from '../../../../contract/api/permissions.ts';
import type { Workspace } from '../../../../contract/bridge/session.ts';
import { roleLabel } from '../workspace/workspace-labels.ts';
import { adminSections, type AdminSection } from './admin-sections.ts';
import { AlertRulesSection } from './AlertRulesSection.tsx';
import { AuditSection } from './AuditSection.tsx';
import { EmailSection } from './EmailSection.tsx';
import { GeocodingSection } from './GeocodingSection.tsx';
import { GroupsSection } from './GroupsSection.tsx';
import { InventorySection } from './InventorySection.tsx';
import { MembersSection } from './MembersSection.tsx';
import { OperationsSection } from './OperationsSection.tsx';
import { PasswordSection } from './PasswordSection.tsx';
import { PlanUsageSection } from './PlanUsageSection.tsx';
import { ReportSchedulesSection } from './ReportSchedulesSection.tsx';
import { SettingsSection } from './SettingsSection.tsx';
import { SupportAccessSection } from './SupportAccessSection.tsx';
import { SupportSessionsSection } from './SupportSessionsSection.tsx';
import { TenantExportPanel } from './TenantExportPanel.tsx';
import { TenantsSection } from './TenantsSection.tsx';
import { UnitHealthSection } from './UnitHealthSection.tsx';
import { VehiclesSection } from './VehiclesSection.tsx';
import { WebhooksSection } from './WebhooksSection.tsx';

interface Props {
  workspace: Workspace;
  onClose(): void;
}

/** Side menu of the screens this role may use, and the chosen one. */
export function AdminPanel({ workspace, onClose }: Props) {
  const sections = adminSections(workspace.role, workspace.tenantKind);
  const [current, setCurrent] = useState<AdminSection>(sections[0]?.id ?? 'password');
  const id = workspace.workspaceId;
  const screens: Record<AdminSection, ReactNode> = {
    operations: <OperationsSection workspaceId={id} canSetPlan={can(workspace.role, 'tenants.manage')} />,
    'unit-health': <UnitHealthSection workspaceId={id} />,
    'support-sessions': <SupportSessionsSection workspaceId={id} />,
    'support-access': <SupportAccessSection workspaceId={id} />,
    export: (
      <div className="admin-section lifecycle">
        <TenantExportPanel workspaceId={id} tenantId={null} tenantName={workspace.tenantName} />
      </div>
    ),
    accounts: <TenantsSection workspaceId={id} />,
    inventory: <InventorySection workspaceId={id} />,
    geocoding: <GeocodingSection workspaceId={id} />,
    email: <EmailSection workspaceId={id} />,
    alertRules: <AlertRulesSection workspaceId={id} />,
    webhooks: <WebhooksSection workspaceId={id} />,
    reports: <ReportSchedulesSection workspaceId={id} />,
    vehicles: <VehiclesSection workspaceId={id} />,
    members: <MembersSection workspaceId={id} role={workspace.role} username={workspace.username} />,
    groups: <GroupsSection workspaceId={id} />,
    plan: <PlanUsageSection workspaceId={id} />,
    settings: <SettingsSection workspaceId={id} editable={can(workspace.role, 'settings.manage')} />,
    audit: <AuditSection workspaceId={id} showTenant={workspace.tenantKind === 'provider'} />,
    password: <PasswordSection workspaceId={id} />,
  };
  return (
    <div className="admin">
      <header className="admin__header">
        <h2>
          Administration · {workspace.tenantName} <span className="admin__role">({roleLabel(workspace.role)})</span>
        </h2>
        <button type="button" className="button button--ghost" onClick={onClose} aria-label="Close administration">
          Close
        </button>
      </header>
      <div className="admin__body">
        <nav className="admin__nav" aria-label="Administration sections">
          {sections.map((s) => (
            <button key={s.id} type="button" className={`admin__tab${s.id === current ? ' admin__tab--active' : ''}`} aria-current={s.id === current ? 'page' : undefined} onClick={() => setCurrent(s.id)}>
              {s.label}
            </button>
          ))}
        </nav>
        <section className="admin__content" aria-label={sections.find((s) => s.id === current)?.label}>
          {screens[current]}
        </section>
      </div>
      {/* Inside the modal dialog: a toaster outside it would sit behind the dialog's top layer. */}
    </div>
  );
}
