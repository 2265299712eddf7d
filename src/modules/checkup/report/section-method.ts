import type { ReportBlock, ReportSection } from '../../../core/report/index.js';
import type { ReportData } from './report-data.js';
import { cityTime, num } from './report-format.js';
import { fill, pick, tierNames, wordsOf, type ReportLang } from './report-text.js';

const reference = 'OECD/JRC (2008), Handbook on Constructing Composite Indicators: Methodology and User Guide, OECD Publishing, ISBN 978-92-64-04345-9';

const methodNames: Record<string, { zh: string; en: string }> = {
  distance: { zh: '距标准距离', en: 'distance-to-standard' },
  minmax: { zh: '最小–最大', en: 'min–max' },
  arithmetic: { zh: '算术平均', en: 'arithmetic' },
  geometric: { zh: '几何平均', en: 'geometric' },
  dirichlet: { zh: '狄利克雷分布', en: 'Dirichlet' },
  uniform: { zh: '均匀扰动', en: 'uniform perturbation' },
};
const method = (key: string, lang: ReportLang) => pick(methodNames[key] ?? { zh: key, en: key }, lang);

/** The standards' documents of the library, numbered in the library's order: what the tables' [n] refer to. */
export function standardDocuments(data: ReportData): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of data.library.indicators) if (d.standard && !out.has(d.standard.document)) out.set(d.standard.document, out.size + 1);
  return out;
}

/**
 * How the report was made and from what: the scoring, trend and rank rules, the composite's
 * normalisation, weights and aggregation as recorded with its Monte Carlo, the standards'
 * documents, every indicator's source and this year's value's source; sample values named.
 */
export function methodSection(data: ReportData, lang: ReportLang, heading: string, docs: Map<string, number>): ReportSection {
  const w = wordsOf(lang);
  const lib = data.library;
  const c = lib.composite;
  const weighted = lib.indicators.filter((d) => d.weight !== 1).map((d) => `${d.code} ${num(d.weight, lang)}`);
  const sens = c.sensitivity;
  const weightMethod = sens.weights.method === 'dirichlet' ? `${method('dirichlet', lang)} (α = ${sens.weights.concentration})` : `${method('uniform', lang)} (±${sens.weights.pct}%)`;
  const recorded = data.composite?.tasks.find((t) => t.sensitivity)?.sensitivity;
  const blocks: ReportBlock[] = [
    { kind: 'paragraph', text: fill(w.methodStatus, { nearPct: num(lib.nearPct, lang) }) },
    { kind: 'paragraph', text: w.methodTrend },
    { kind: 'paragraph', text: w.methodRank },
    { kind: 'paragraph', text: w.methodMissing },
    {
      kind: 'paragraph',
      text: fill(w.methodComposite, {
        normalisation: method(c.normalisation, lang),
        aggregation: method(c.aggregation, lang),
        cap: num(c.cap, lang),
        minCoverage: num(c.minCoverage * 100, lang, 0),
        weights: weighted.length ? weighted.join(', ') : w.weightsEqual,
        runs: recorded?.runs ?? sens.runs,
        seed: recorded?.seed ?? sens.seed,
        weightMethod,
        normalisations: sens.normalisations.map((n) => method(n, lang)).join(' / '),
        aggregations: sens.aggregations.map((a) => method(a, lang)).join(' / '),
      }),
    },
    { kind: 'paragraph', text: fill(w.methodReference, { reference }), muted: true },
    { kind: 'paragraph', text: w.methodSample },
    { kind: 'paragraph', text: fill(w.evaluatedAt, { at: cityTime(data.evaluation.evaluatedAt) }), muted: true },
    { kind: 'heading', text: w.standardsDocs },
    { kind: 'list', items: [...docs].map(([doc, n]) => `[${n}] ${doc}${standardTiers(data, doc, lang)}`) },
    {
      kind: 'table',
      title: w.sources,
      columns: [
        { label: w.indicator, width: 2.2 },
        { label: w.indicatorSource, width: 3 },
        { label: w.obtained, width: 1.4 },
        { label: w.valueSource, width: 3 },
      ],
      rows: data.evaluation.tasks.flatMap((t) =>
        t.indicators.map((i) => {
          const d = lib.byCode.get(i.code)!;
          const obtained = d.obtain.type === 'computed' ? fill(w.computedBy, { provider: d.obtain.provider }) : w.imported;
          const value = i.source ? { text: `${i.source.sample ? `[${w.sample}] ` : ''}${i.source.source}`, tone: i.source.sample ? ('near' as const) : ('plain' as const) } : { text: w.missingValue, tone: 'missing' as const };
          return [`${i.code} ${pick(i.name, lang)}`, `${d.source.document}${d.source.verified ? '' : w.unverified}`, obtained, value];
        }),
      ),
    },
  ];
  return { heading, pageBreak: true, blocks };
}

// Who set the standards a document holds, and whether they were checked against it.
function standardTiers(data: ReportData, doc: string, lang: ReportLang): string {
  const w = wordsOf(lang);
  const found = data.library.indicators.filter((d) => d.standard?.document === doc);
  const tiers = [...new Set(found.map((d) => pick(tierNames[d.standard!.tier], lang)))].join(', ');
  const unverified = found.some((d) => !d.standard!.verified);
  const codes = found.map((d) => `${d.code} ${fill(w.version, { n: d.standard!.version })}`).join(', ');
  return ` — ${tiers}; ${codes}${unverified ? w.unverified : ''}`;
}
