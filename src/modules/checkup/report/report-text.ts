import type { IndicatorStatus } from '../evaluate.js';
import type { Tier } from '../tasks.js';

/** The report's languages: the city's own and English. */
export type ReportLang = 'zh-CN' | 'en';
export const reportLangs = ['zh-CN', 'en'] as const;

const zh = {
  title: '{region}城市体检报告（{year}年）',
  subtitle: '城市体检（住房、小区(社区)、街区、城区(城市)四个层级）：指标对照标准的评价、趋势与排名、问题清单与城市更新',
  region: '区划',
  year: '体检年度',
  generated: '生成时间',
  by: '生成人',
  library: '指标体系',
  values: '数值',
  valuesNote: '共 {n} 个数值，其中样例值 {sample} 个（已标注，非真实数据）',
  footer: 'citywork 城市体检报告 · 样例值已标注，并非真实数据 · 方法与来源见文末',
  summary: '总体情况',
  tasks: '七项任务',
  statusAtGlance: '七项任务指标状态',
  coverage: '数据覆盖',
  composite: '综合指数',
  rank: '排名',
  rankInterval: '排名区间(90%)',
  compositeOf: '{scope}综合指数与排名区间（蒙特卡洛 {runs} 次）',
  compositeOfNote: '每格上行为综合指数（0–1，越高越好），下行为排名及括号内的 90% 排名区间（权重、标准化与汇总方法随机变化时排名的 5%–95% 分位）；覆盖率不足时不计算。',
  indicatorsWithValue: '有数值 {n}/{total}',
  task: '任务',
  indicator: '指标',
  level: '层级',
  value: '数值',
  standard: '标准',
  status: '评价',
  trend: '趋势',
  siblingRank: '同级排名',
  missingValue: '缺数据',
  sample: '样例',
  tableNote: '“样例”为演示用样例值，并非真实数据；缺数据显示为缺数据，从不记为 0。标准后的 [n] 为方法与来源中的文件编号。',
  mapsOf: '{scope}分布',
  mapCaption: '{indicator}（{unit}），{year}年',
  mapLegendMet: '达标',
  mapLegendNear: '接近',
  mapLegendNotMet: '未达标',
  mapNoStandard: '无标准，颜色深浅表示数值高低',
  trendsOf: '历年变化',
  trendsCaption: '各指标历年数值；绿色虚线为现行标准',
  problems: '问题清单',
  problemsNone: '本年度未发现问题对象。',
  problemsOf: '{code} {name}：{n} 个',
  object: '对象',
  detail: '说明',
  project: '更新项目',
  recheck: '复查',
  noProject: '未纳入项目',
  method: '方法与来源',
  methodStatus: '评价：数值与现行标准比较，达到标准为“达标”；未达到但差距不超过标准值的 {nearPct}%（区间指标为区间宽度的 {nearPct}%，个别指标另有规定）为“接近”；其余为“未达标”。问题清单类指标以 0 为目标。参考类指标只展示、不评价。',
  methodTrend: '趋势：与此前最近一个有数据年份相比，按指标方向判断改善或恶化，变化不足 1% 为持平。',
  methodRank: '同级排名：与同一上级区划下有数值的区划比较，1 为最好，数值相同名次相同。',
  methodMissing: '缺数据从不按 0 计；覆盖率 = 有数值的指标数 ÷ 指标总数。“暂无计算模块”表示该指标由尚未部署的模块计算。',
  methodComposite: '综合指数：{normalisation} 标准化，{aggregation} 汇总，上限 {cap}，覆盖率不低于 {minCoverage}% 才计算；权重：{weights}。不确定性分析：蒙特卡洛 {runs} 次（种子 {seed}），权重按 {weightMethod} 随机，标准化在 {normalisations} 之间、汇总在 {aggregations} 之间变化。',
  methodReference: '方法依据：{reference}',
  methodSample: '样例值已在表中标注“样例”，为演示而编制，并非真实数据；请以本市实际数据导入替换（citywork checkup import）。',
  weightsEqual: '均为 1',
  standardsDocs: '标准文件',
  sources: '指标与数据来源',
  indicatorSource: '指标体系来源',
  obtained: '取得方式',
  valueSource: '本年度数值来源',
  imported: '导入',
  computedBy: '平台计算（{provider}）',
  unverified: '（未核对原文）',
  version: '第 {n} 版',
  evaluatedAt: '评价时间：{at}；标准为评价时现行版本。',
} as const;

type Words = { [K in keyof typeof zh]: string };

const en: Words = {
  title: 'City checkup report: {region}, {year}',
  subtitle: 'The city checkup (城市体检) at the four levels of housing, community, block and city: indicators against their standards, trends and ranks, the problems found and their renewal',
  region: 'Region',
  year: 'Checkup year',
  generated: 'Generated',
  by: 'By',
  library: 'Indicator library',
  values: 'Values',
  valuesNote: '{n} values, {sample} of them sample values (marked; not real figures)',
  footer: 'citywork city checkup report · sample values are marked and are not real figures · method and sources at the end',
  summary: 'Summary',
  tasks: 'The seven tasks',
  statusAtGlance: 'Status of the indicators by task',
  coverage: 'Coverage',
  composite: 'Composite',
  rank: 'Rank',
  rankInterval: 'Rank interval (90%)',
  compositeOf: 'Composite index of the {scope}, with rank intervals (Monte Carlo, {runs} runs)',
  compositeOfNote: 'In each cell: the composite (0–1, higher is better), then the rank with its 90% interval in brackets (the 5th–95th percentile of the rank as weights, normalisation and aggregation vary); not computed below the minimum coverage.',
  indicatorsWithValue: '{n} of {total} with a value',
  task: 'Task',
  indicator: 'Indicator',
  level: 'Level',
  value: 'Value',
  standard: 'Standard',
  status: 'Status',
  trend: 'Trend',
  siblingRank: 'Rank',
  missingValue: 'missing',
  sample: 'sample',
  tableNote: '“sample” marks a value made up for the demo, not a real figure; a missing value is shown as missing, never as 0. [n] after a standard is its document in the method and sources.',
  mapsOf: 'Across the {scope}',
  mapCaption: '{indicator} ({unit}), {year}',
  mapLegendMet: 'met',
  mapLegendNear: 'near',
  mapLegendNotMet: 'not met',
  mapNoStandard: 'no standard: darker is higher',
  trendsOf: 'Over the years',
  trendsCaption: 'Each indicator’s values over the years; the green dashed line is the standard in force',
  problems: 'Problems found',
  problemsNone: 'No problem object found this year.',
  problemsOf: '{code} {name}: {n}',
  object: 'Object',
  detail: 'Detail',
  project: 'Renewal project',
  recheck: 'Re-checkup',
  noProject: 'no project yet',
  method: 'Method and sources',
  methodStatus: 'Status: a value meeting the standard in force is “met”; one short of it by at most {nearPct}% of the standard (of the range’s width for a range; some indicators set their own band) is “near”; any other is “not met”. Problem-list indicators aim at 0. Context indicators are shown, not scored.',
  methodTrend: 'Trend: against the latest earlier year with data, improving or worsening by the indicator’s direction; a change under 1% is stable.',
  methodRank: 'Rank: among the regions under the same parent that have a value; 1 is best; equal values share a rank.',
  methodMissing: 'A missing value never counts as 0; coverage = indicators with a value ÷ all indicators. “No provider yet” marks an indicator computed by a module this installation does not have.',
  methodComposite: 'Composite: {normalisation} normalisation, {aggregation} aggregation, capped at {cap}, computed with at least {minCoverage}% coverage; weights: {weights}. Uncertainty: Monte Carlo with {runs} runs (seed {seed}), weights drawn by {weightMethod}, normalisation among {normalisations}, aggregation among {aggregations}.',
  methodReference: 'Method after: {reference}',
  methodSample: 'Sample values are marked “sample” in the tables: made up for the demo, they are not real figures. Replace them with the city’s own (citywork checkup import).',
  weightsEqual: 'all 1',
  standardsDocs: 'Standards',
  sources: 'Indicators and data sources',
  indicatorSource: 'Indicator system',
  obtained: 'Obtained',
  valueSource: 'Source of this year’s value',
  imported: 'imported',
  computedBy: 'computed by the platform ({provider})',
  unverified: ' (not checked against the document)',
  version: 'version {n}',
  evaluatedAt: 'Evaluated at {at}, against the standards in force then.',
};

/** The report's words in one language, with `{name}` placeholders filled by `fill`. */
export function wordsOf(lang: ReportLang): Words {
  return lang === 'en' ? en : zh;
}

/** Fills `{name}` placeholders. */
export function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** The statuses' names, as the tables and charts show them. */
export const statusNames: Record<IndicatorStatus, { zh: string; en: string }> = {
  met: { zh: '达标', en: 'met' },
  near: { zh: '接近', en: 'near' },
  not_met: { zh: '未达标', en: 'not met' },
  context: { zh: '参考', en: 'context' },
  no_standard: { zh: '无标准', en: 'no standard' },
  missing: { zh: '缺数据', en: 'missing' },
  no_provider: { zh: '暂无计算模块', en: 'no provider yet' },
};

/** Who set a standard. */
export const tierNames: Record<Tier, { zh: string; en: string }> = {
  national: { zh: '国家', en: 'national' },
  provincial: { zh: '省级', en: 'provincial' },
  municipal: { zh: '市级', en: 'municipal' },
};

/** Which way a value moved. */
export const trendNames: Record<'improving' | 'worsening' | 'stable', { zh: string; en: string }> = {
  improving: { zh: '改善', en: 'improving' },
  worsening: { zh: '恶化', en: 'worsening' },
  stable: { zh: '持平', en: 'stable' },
};

/** A problem's re-checkup. */
export const recheckNames: Record<'gone' | 'persists' | 'not_rechecked', { zh: string; en: string }> = {
  gone: { zh: '已销号', en: 'gone' },
  persists: { zh: '仍存在', en: 'persists' },
  not_rechecked: { zh: '未复查', en: 'not rechecked yet' },
};

/** A renewal project's status. */
export const projectStatusNames: Record<string, { zh: string; en: string }> = {
  planned: { zh: '计划', en: 'planned' },
  in_progress: { zh: '实施中', en: 'in progress' },
  done: { zh: '已完成', en: 'done' },
  cancelled: { zh: '已取消', en: 'cancelled' },
};

/** A bilingual name in the report's language. */
export function pick(name: { zh: string; en: string }, lang: ReportLang): string {
  return lang === 'en' ? name.en : name.zh;
}
