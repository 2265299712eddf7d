import type { ReportBlock, ReportCell, ReportSection } from '../../../core/report/index.js';
import type { TaskEvaluation } from '../evaluate.js';
import type { CompositeView, ReportData } from './report-data.js';
import { statusBars } from './report-figures.js';
import { num } from './report-format.js';
import { fill, pick, statusNames, wordsOf, type ReportLang } from './report-text.js';

const pct = (share: number, lang: ReportLang) => `${num(share * 100, lang, 0)}%`;

/**
 * The summary: the checkup at a glance (indicators met, near, not met, missing), each task's
 * counts and coverage and, where the region has siblings, its composite with its rank
 * interval; for a region with children, the children's composites.
 */
export function summarySection(data: ReportData, lang: ReportLang, heading: string): ReportSection {
  const w = wordsOf(lang);
  const e = data.evaluation;
  const values = e.tasks.flatMap((t) => t.indicators).filter((i) => i.value !== null);
  const sample = values.filter((i) => i.source?.sample).length;
  const blocks: ReportBlock[] = [
    {
      kind: 'kpis',
      items: [
        { label: w.coverage, value: `${e.coverage.withValue}/${e.coverage.total} (${pct(e.coverage.share, lang)})` },
        { label: pick(statusNames.met, lang), value: String(e.counts.met), tone: 'good' },
        { label: pick(statusNames.near, lang), value: String(e.counts.near), tone: 'near' },
        { label: pick(statusNames.not_met, lang), value: String(e.counts.not_met), tone: 'bad' },
        { label: pick(statusNames.missing, lang), value: String(e.counts.missing + e.counts.no_provider), tone: 'missing' },
      ],
    },
    { kind: 'paragraph', text: `${w.values}: ${fill(w.valuesNote, { n: values.length, sample })}`, muted: true },
  ];
  const own = data.composite?.of === 'siblings' ? data.composite : null;
  const columns = [{ label: w.task, width: 2.6 }, ...(['met', 'near', 'not_met', 'missing'] as const).map((s) => ({ label: pick(statusNames[s], lang), align: 'right' as const, width: 0.9 })), { label: w.coverage, align: 'right' as const, width: 1.3 }];
  if (own) columns.push({ label: w.composite, align: 'right', width: 1 }, { label: `${w.rank} · ${w.rankInterval}`, align: 'right', width: 1.6 });
  blocks.push({ kind: 'table', title: w.statusAtGlance, columns, rows: e.tasks.map((t) => taskRow(t, lang, own, e.region.code)) });
  blocks.push({ kind: 'figure', ...statusBars(e.tasks, lang) });
  if (data.composite?.of === 'children') blocks.push(childrenComposite(data.composite, lang));
  return { heading, blocks };
}

function taskRow(t: TaskEvaluation, lang: ReportLang, composite: CompositeView | null, region: string): ReportCell[] {
  const row: ReportCell[] = [
    pick(t.name, lang),
    { text: String(t.counts.met), tone: t.counts.met ? 'good' : 'plain' },
    { text: String(t.counts.near), tone: t.counts.near ? 'near' : 'plain' },
    { text: String(t.counts.not_met), tone: t.counts.not_met ? 'bad' : 'plain' },
    { text: String(t.counts.missing + t.counts.no_provider), tone: t.counts.missing + t.counts.no_provider ? 'missing' : 'plain' },
    `${t.coverage.withValue}/${t.coverage.total} (${pct(t.coverage.share, lang)})`,
  ];
  if (composite) {
    const c = composite.tasks.find((x) => x.task === t.task);
    const unit = c?.units.find((u) => u.unit === region);
    row.push(unit?.value === null || unit?.value === undefined ? { text: '—', tone: 'missing' } : unit.value.toFixed(2), rankCell(c, region, lang));
  }
  return row;
}

// `3/16 · 2–5`: the baseline rank among the ranked, and the 90% interval of the Monte Carlo.
function rankCell(c: CompositeView['tasks'][number] | undefined, region: string, lang: ReportLang, withOf = true): string {
  const unit = c?.units.find((u) => u.unit === region);
  if (!c || !unit || unit.rank === null) return '—';
  const of = c.units.filter((u) => u.rank !== null).length;
  const i = c.sensitivity?.intervals.find((x) => x.unit === region);
  const interval = i && i.p05 !== null && i.p95 !== null ? ` (${num(i.p05, lang, 0)}–${num(i.p95, lang, 0)})` : '';
  return `${withOf ? `${unit.rank}/${of}` : `#${unit.rank}`}${interval}`;
}

function childrenComposite(c: CompositeView, lang: ReportLang): ReportBlock {
  const w = wordsOf(lang);
  const units = c.tasks[0]?.units ?? [];
  const runs = c.tasks.find((t) => t.sensitivity)?.sensitivity?.runs ?? 0;
  return {
    kind: 'table',
    title: fill(w.compositeOf, { scope: lang === 'en' ? 'regions within' : '下级区划', runs }),
    columns: [{ label: w.region, width: 1.4 }, ...c.tasks.map((t) => ({ label: pick(t.name, lang), align: 'right' as const, width: 1.2 }))],
    rows: units.map((u) => [
      lang === 'en' ? (u.nameEn ?? u.name) : u.name,
      ...c.tasks.map((t) => {
        const x = t.units.find((v) => v.unit === u.unit);
        if (!x || x.value === null) return { text: '—', tone: 'missing' as const };
        return `${x.value.toFixed(2)}\n${rankCell(t, u.unit, lang, false)}`;
      }),
    ]),
    note: w.compositeOfNote,
  };
}
