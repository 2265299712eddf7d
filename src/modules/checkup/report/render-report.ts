import type { Kernel } from '../../../core/kernel.js';
import type { RequestContext } from '../../../core/context.js';
import { renderHtml, renderPdf, renderXlsx, type ReportDocument } from '../../../core/report/index.js';
import { composeReport, shortCode } from './build-report.js';
import { gatherReportData } from './report-data.js';
import type { ReportLang } from './report-text.js';

export const reportFormats = ['html', 'pdf', 'xlsx'] as const;
export type ReportFormat = (typeof reportFormats)[number];

const contentTypes: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** A rendered report: its bytes, the file name to save it under, its content type. */
export interface RenderedReport {
  fileName: string;
  contentType: string;
  body: Buffer;
  region: string;
  year: number;
}

/** Renders a report document to one of the formats. */
export async function renderReport(doc: ReportDocument, format: ReportFormat): Promise<Buffer> {
  if (format === 'html') return Buffer.from(renderHtml(doc), 'utf8');
  if (format === 'pdf') return renderPdf(doc);
  return renderXlsx(doc);
}

/**
 * A region's checkup report for a year (the latest with data by default) as HTML, PDF or
 * XLSX, named `checkup-<region>-<year>.<format>`.
 */
export async function renderCheckupReport(k: Kernel, ctx: RequestContext, { region, year, format, lang = 'zh-CN' }: { region: string; year?: number; format: ReportFormat; lang?: ReportLang }): Promise<RenderedReport> {
  const data = await gatherReportData(k, ctx, { region, year });
  const doc = composeReport(data, lang);
  const code = shortCode(data.evaluation.region.code);
  const y = data.evaluation.year;
  return { fileName: `checkup-${code}-${y}${lang === 'en' ? '-en' : ''}.${format}`, contentType: contentTypes[format], body: await renderReport(doc, format), region: code, year: y };
}
