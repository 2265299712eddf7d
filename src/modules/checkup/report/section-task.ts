import type { ReportBlock, ReportSection } from '../../../core/report/index.js';
import type { TaskEvaluation } from '../evaluate.js';
import { levelNames, type Level } from '../tasks.js';
import type { ReportData } from './report-data.js';
import { trendPanel } from './report-figures.js';
import { rankText, standardText, statusCell, trendCell, valueCell } from './report-format.js';
import { indicatorMap, mappedIndicators } from './report-maps.js';
import { fill, pick, statusNames, wordsOf, type ReportLang } from './report-text.js';

/**
 * One task's part of the report: each indicator's value against its standard (tier and
 * document), its status and gap, its trend and its rank among the siblings; maps of a few
 * key indicators over the region's children (or siblings); the indicators' years as lines.
 */
export function taskSection(data: ReportData, t: TaskEvaluation, lang: ReportLang, heading: string, docNumbers: Map<string, number>): ReportSection {
  const w = wordsOf(lang);
  const scopeName = data.map?.of === 'siblings' ? (lang === 'en' ? 'sibling regions' : '同级区划') : lang === 'en' ? 'regions within' : '下级区划';
  const counts = (['met', 'near', 'not_met', 'missing'] as const).map((s) => `${pick(statusNames[s], lang)} ${s === 'missing' ? t.counts.missing + t.counts.no_provider : t.counts[s]}`).join(' · ');
  const blocks: ReportBlock[] = [
    { kind: 'paragraph', text: `${counts} · ${fill(w.indicatorsWithValue, { n: t.coverage.withValue, total: t.coverage.total })}` },
    {
      kind: 'table',
      columns: [
        { label: w.indicator, width: 2.7 },
        { label: w.level, width: 1 },
        { label: w.value, align: 'right', width: 1.6 },
        { label: w.standard, width: 1.9 },
        { label: w.status, width: 1.3 },
        { label: w.trend, width: 1.5 },
        { label: w.siblingRank, align: 'right', width: 1 },
      ],
      rows: t.indicators.map((i) => [
        `${i.code} ${pick(i.name, lang)}`,
        pick(levelNames[i.level as Level] ?? { zh: i.level, en: i.level }, lang),
        valueCell(i, lang),
        standardText(i, lang, i.standard ? docNumbers.get(i.standard.document) : undefined),
        statusCell(i, lang),
        trendCell(i, lang),
        rankText(i),
      ]),
      note: w.tableNote,
    },
  ];
  if (data.map) {
    const map = data.map;
    const shown = mappedIndicators(t.indicators, map);
    if (shown.length) {
      blocks.push({ kind: 'heading', text: fill(w.mapsOf, { scope: scopeName }) });
      blocks.push({ kind: 'figures', perRow: 1, items: shown.map((i) => indicatorMap(data.library.byCode.get(i.code)!, data.library.nearPct, map, { lang, year: data.evaluation.year, names: data.names })) });
    }
  }
  const trends = t.indicators.filter((i) => i.series.length >= 2).slice(0, 6);
  if (trends.length) {
    blocks.push({ kind: 'heading', text: w.trendsOf });
    blocks.push({ kind: 'figure', ...trendPanel(trends, lang), caption: w.trendsCaption });
  }
  return { heading, pageBreak: true, blocks };
}
