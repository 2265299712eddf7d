import type { ComponentType } from 'react';
import type { MessageKey } from './i18n';
import type { Me } from './session';
import { OverviewPage } from './pages/overview';
import { WorkbenchPage } from './pages/workbench';
import { OfficePage } from './pages/office';
import { AssessmentPage } from './pages/assessment';
import { CasePage } from './pages/case';
import { CasesPage } from './pages/cases';
import { CitizenPage } from './pages/citizen';
import { InsightsPage } from './pages/insights';
import { CheckupPage } from './pages/checkup';
import { CheckupImportPage } from './pages/checkup-import';
import { EnvironmentAirPage } from './pages/environment-air';
import { MonitoringAlarmsPage } from './pages/monitoring-alarms';
import { MonitoringAssetsPage } from './pages/monitoring-assets';
import { MonitoringAssetPage } from './pages/monitoring-asset';

/**
 * The console's pages. A later module (monitoring, environment, checkup …) adds its pages
 * here under its own section; the header's navigation shows the pages the user may open.
 */
export interface PageDef {
  path: string;
  /** In the navigation under this section; pages without one are reached by links. */
  section?: MessageKey;
  label: MessageKey;
  /** Whether this user may open it; public pages have none. */
  allowed?: (me: Me) => boolean;
  public?: boolean;
  component: ComponentType<{ params: Record<string, string> }>;
}

const can = (action: string) => (me: Me) => me.actions.includes(action);
const staff = (me: Me) => me.actions.includes('hotline.case.read') && !me.roles.every((r) => r === 'citizen');

export const pages: PageDef[] = [
  { path: '/overview', section: 'nav.section.city', label: 'nav.overview', allowed: staff, component: OverviewPage },
  { path: '/workbench', section: 'nav.section.hotline', label: 'nav.workbench', allowed: (me) => can('hotline.case.create')(me) && can('hotline.case.dispatch')(me), component: WorkbenchPage },
  { path: '/office', section: 'nav.section.hotline', label: 'nav.office', allowed: (me) => me.roles.includes('handler'), component: OfficePage },
  { path: '/cases', section: 'nav.section.hotline', label: 'nav.cases', allowed: staff, component: CasesPage },
  { path: '/assessment', section: 'nav.section.hotline', label: 'nav.assessment', allowed: can('hotline.assessment.read'), component: AssessmentPage },
  { path: '/insights', section: 'nav.section.hotline', label: 'nav.insights', allowed: can('hotline.insight.read'), component: InsightsPage },
  { path: '/cases/:id', label: 'nav.case', allowed: can('hotline.case.read'), component: CasePage },
  { path: '/monitoring/alarms', section: 'nav.section.safety', label: 'nav.monitoring.alarms', allowed: can('monitoring.alarm.read'), component: MonitoringAlarmsPage },
  { path: '/monitoring/assets', section: 'nav.section.safety', label: 'nav.monitoring.assets', allowed: can('monitoring.asset.read'), component: MonitoringAssetsPage },
  { path: '/monitoring/assets/:id', label: 'nav.monitoring.asset', allowed: can('monitoring.asset.read'), component: MonitoringAssetPage },
  { path: '/environment/air', section: 'nav.section.environment', label: 'nav.air', allowed: can('environment.air.read'), component: EnvironmentAirPage },
  { path: '/checkup', section: 'nav.section.checkup', label: 'nav.checkup', allowed: can('checkup.evaluation.read'), component: CheckupPage },
  { path: '/checkup/import', section: 'nav.section.checkup', label: 'nav.checkupImport', allowed: can('checkup.value.import'), component: CheckupImportPage },
  { path: '/citizen', section: 'nav.section.public', label: 'nav.citizen', public: true, component: CitizenPage },
];

/** Where a user lands after sign-in: the first page of their work. */
export function homeOf(me: Me): string {
  if (me.roles.includes('operator') || me.roles.includes('dispatcher')) return '/workbench';
  if (me.roles.includes('handler')) return '/office';
  const first = pages.find((p) => p.section && p.allowed?.(me));
  return first?.path ?? '/citizen';
}
