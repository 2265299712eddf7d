import type { ReportBlock, ReportCell, ReportSection } from '../../../core/report/index.js';
import type { ProblemView } from '../problems-store.js';
import type { ReportData } from './report-data.js';
import { fill, pick, projectStatusNames, recheckNames, wordsOf, type ReportLang } from './report-text.js';

/**
 * The problems the count indicators found (体检 → 更新 → 再体检): per indicator, each object
 * with where it is, the renewal project it is part of and that project's progress, and
 * whether the next checkup found it again.
 */
export function problemsSection(data: ReportData, lang: ReportLang, heading: string): ReportSection {
  const w = wordsOf(lang);
  const byCode = new Map<string, ProblemView[]>();
  for (const p of data.problems) byCode.set(p.code, [...(byCode.get(p.code) ?? []), p]);
  const blocks: ReportBlock[] = [];
  // In the library's order, so the list reads like the tables.
  for (const d of data.library.indicators) {
    const list = byCode.get(d.code);
    if (!list?.length) continue;
    blocks.push({
      kind: 'table',
      title: fill(w.problemsOf, { code: d.code, name: pick(d.name, lang), n: list.length }),
      columns: [
        { label: w.region, width: 1.2 },
        { label: w.object, width: 2.4 },
        { label: w.detail, width: 2 },
        { label: w.project, width: 2.4 },
        { label: w.recheck, width: 1.1 },
      ],
      rows: list.map((p) => row(p, data, lang)),
    });
  }
  if (!blocks.length) blocks.push({ kind: 'paragraph', text: w.problemsNone });
  return { heading, pageBreak: true, blocks };
}

function row(p: ProblemView, data: ReportData, lang: ReportLang): ReportCell[] {
  const w = wordsOf(lang);
  const n = data.names.get(p.regionCode);
  const region = n ? (lang === 'en' ? (n.nameEn ?? n.name) : n.name) : p.regionCode;
  const project: ReportCell = p.project
    ? { text: `${p.project.name} · ${pick(projectStatusNames[p.project.status] ?? { zh: p.project.status, en: p.project.status }, lang)} ${p.project.percent}%`, tone: p.project.status === 'done' ? 'good' : 'plain' }
    : { text: w.noProject, tone: 'missing' };
  const recheck: ReportCell = { text: `${pick(recheckNames[p.recheck.status], lang)}${p.recheck.year ? ` (${p.recheck.year})` : ''}`, tone: p.recheck.status === 'gone' ? 'good' : p.recheck.status === 'persists' ? 'bad' : 'plain' };
  return [region, p.object.name, p.object.detail ?? '', project, recheck];
}
