import { useI18n } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { qs } from '../api';
import { Tabs } from '../components/case-queue';
import { HotspotsPanel } from './insights-hotspots';
import { TopicsPanel } from './insights-topics';
import { ProactivePanel } from './insights-proactive';

const tabs = ['hotspots', 'topics', 'proactive'] as const;
type Tab = (typeof tabs)[number];

/** 热点、每月一题、未诉先办: where problems cluster, what rises or recurs each month, and the tasks that get there before the next call. */
export function InsightsPage() {
  const { t } = useI18n();
  const { query } = useLocation();
  const tab: Tab = tabs.find((x) => x === query.get('tab')) ?? 'hotspots';
  return (
    <main id="main" className="page">
      <div className="page-head">
        <h1>{t('insights.title')}</h1>
      </div>
      <Tabs
        label={t('insights.title')}
        tabs={tabs.map((key) => ({ key, label: t(`insights.tab.${key}`) }))}
        value={tab}
        onChange={(k) => navigate(`/insights${qs({ tab: k })}`, { replace: true })}
      />
      {tab === 'hotspots' && <HotspotsPanel />}
      {tab === 'topics' && <TopicsPanel />}
      {tab === 'proactive' && <ProactivePanel />}
    </main>
  );
}

/** Links to a few of the cases behind a finding, and how many there are. */
export function EvidenceLinks({ ids, max = 8 }: { ids: string[]; max?: number }) {
  const { t } = useI18n();
  return (
    <span className="evidence">
      {ids.slice(0, max).map((id, i) => (
        <Link key={id} to={`/cases/${id}`} title={id} className="mono">
          {i + 1}
        </Link>
      ))}
      {ids.length > max && <span className="muted"> {t('insights.more', { n: ids.length - max })}</span>}
    </span>
  );
}
