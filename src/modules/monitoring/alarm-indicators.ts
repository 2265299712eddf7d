import { sql } from 'kysely';
import { regionPrefix } from '../../core/auth/jurisdiction.js';
import type { IndicatorProvider } from '../../core/module.js';

const round1 = (x: number) => Math.round(x * 10) / 10;
const cityOffsetMs = 8 * 3_600_000;

/**
 * 城市生命线报警平均响应时间 (min): the mean minutes from an alarm being raised to its first
 * acknowledgement, over the alarms raised in the year (city time, UTC+8) on assets in the
 * region. An alarm never acknowledged has no response time: it lowers the coverage, never the
 * mean. Alarms of simulated assets (the demo's) make the figure a sample.
 */
export const alarmResponseMinutes: IndicatorProvider = {
  code: 'monitoring.alarm-response-minutes',
  description:
    'Mean response time to lifeline alarms (min): from an alarm being raised to its first acknowledgement, over the alarms raised in the year on assets in the region; coverage is the acknowledged share; alarms of simulated assets mark the figure as a sample',
  async compute(k, s) {
    const from = new Date(Date.UTC(s.year, 0, 1) - cityOffsetMs);
    const to = new Date(Date.UTC(s.year + 1, 0, 1) - cityOffsetMs);
    const { rows } = await sql<{ alarms: number; acknowledged: number; mean_minutes: number | null; simulated: number }>`
      select count(*)::int as alarms,
             count(a.acknowledged_at)::int as acknowledged,
             avg(extract(epoch from (a.acknowledged_at - a.created_at)) / 60) filter (where a.acknowledged_at is not null)::float8 as mean_minutes,
             count(*) filter (where coalesce(m.simulated, false))::int as simulated
        from monitoring_alarms a
        left join monitoring_assets m on m.city_code = a.city_code and m.id = a.asset_id
       where a.city_code = ${s.cityCode} and a.created_at >= ${from} and a.created_at < ${to}
         and coalesce(a.region_code, '') like ${regionPrefix(s.regionCode) + '%'}`.execute(k.db);
    const r = rows[0]!;
    if (!r.alarms) return { value: null, source: `no lifeline alarm raised in ${s.year}` };
    if (r.mean_minutes === null) return { value: null, coverage: 0, source: `${r.alarms} alarms raised in ${s.year}, none acknowledged yet` };
    return {
      value: round1(r.mean_minutes),
      coverage: Math.round((r.acknowledged / r.alarms) * 100) / 100,
      sample: r.simulated > 0,
      source: `${r.acknowledged} of ${r.alarms} alarms raised in ${s.year} acknowledged${r.simulated ? ` (${r.simulated} on simulated assets)` : ''}`,
    };
  },
};
