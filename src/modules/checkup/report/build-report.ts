import type { Kernel } from '../../../core/kernel.js';
import type { RequestContext } from '../../../core/context.js';
import type { ReportDocument } from '../../../core/report/index.js';
import { prefixesOf } from '../case-tally.js';
import { gatherReportData, type ReportData } from './report-data.js';
import { cityTime } from './report-format.js';
import { fill, pick, wordsOf, type ReportLang } from './report-text.js';
import { summarySection } from './section-summary.js';
import { taskSection } from './section-task.js';
import { problemsSection } from './section-problems.js';
import { methodSection, standardDocuments } from './section-method.js';

const zhNumerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
const numbered = (n: number, text: string, lang: ReportLang) => (lang === 'en' ? `${n}. ${text}` : `${zhNumerals[n - 1] ?? n}、${text}`);

/**
 * A region's checkup report for a year (the latest with data by default) as one document the
 * HTML, PDF and XLSX renderers draw: summary, the seven tasks, problems, method and sources.
 */
export async function buildCheckupReport(k: Kernel, ctx: RequestContext, { region, year, lang = 'zh-CN', runs }: { region: string; year?: number; lang?: ReportLang; runs?: number }): Promise<ReportDocument> {
  return composeReport(await gatherReportData(k, ctx, { region, year, runs }), lang);
}

/** The report's document from what was read: pure, so the same data always gives the same report. */
export function composeReport(data: ReportData, lang: ReportLang): ReportDocument {
  const w = wordsOf(lang);
  const e = data.evaluation;
  const regionName = lang === 'en' ? (e.region.nameEn ?? e.region.name) : e.region.name;
  const docs = standardDocuments(data);
  let n = 0;
  const sections = [summarySection(data, lang, numbered(++n, w.summary, lang))];
  for (const t of e.tasks) sections.push(taskSection(data, t, lang, numbered(++n, pick(t.name, lang), lang), docs));
  sections.push(problemsSection(data, lang, numbered(++n, w.problems, lang)));
  sections.push(methodSection(data, lang, numbered(++n, w.method, lang), docs));
  return {
    title: fill(w.title, { region: regionName, year: e.year }),
    subtitle: w.subtitle,
    lang,
    meta: [
      { label: w.region, value: `${regionName} (${shortCode(e.region.code)})` },
      { label: w.year, value: String(e.year) },
      { label: w.generated, value: `${cityTime(data.generatedAt)} (UTC+8)` },
      { label: w.by, value: data.actor },
      { label: w.library, value: data.library.source },
    ],
    footer: w.footer,
    sections,
  };
}

/** A region code without its trailing zero groups, at least six digits: 110000, 110105, 110105001. */
export function shortCode(code: string): string {
  return prefixesOf(code).at(-1)!.padEnd(6, '0');
}

export type { ReportData };
