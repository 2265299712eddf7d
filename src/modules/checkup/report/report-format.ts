import type { ReportCell, Tone } from '../../../core/report/index.js';
import type { EvaluatedIndicator, IndicatorStatus } from '../evaluate.js';
import { pick, statusNames, tierNames, trendNames, wordsOf, type ReportLang } from './report-text.js';

// Intl formatters are costly to make and a report formats thousands of numbers: one per kind, kept.
const formatters = new Map<string, Intl.NumberFormat>();

/** A number as the report prints it: grouped, at most `digits` decimals, a true minus sign. */
export function num(n: number, lang: ReportLang, digits = 2): string {
  const grouped = Math.abs(n) >= 10_000;
  const key = `${lang}|${digits}|${grouped}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(lang, { maximumFractionDigits: digits, useGrouping: grouped })));
  return f.format(n).replace('-', '−');
}

/** A signed change: +1.2, −0.5, ±0. */
export function signed(n: number, lang: ReportLang, digits = 2): string {
  return n > 0 ? `+${num(n, lang, digits)}` : n < 0 ? num(n, lang, digits) : '±0';
}

/** A value with its unit; a percent sign sits on the number. */
export function withUnit(n: number, unit: string, lang: ReportLang): string {
  return unit === '%' ? `${num(n, lang)}%` : `${num(n, lang)} ${unit}`;
}

/** How a status colours its cell and its map region. */
export const statusTone: Record<IndicatorStatus, Tone> = {
  met: 'good',
  near: 'near',
  not_met: 'bad',
  context: 'plain',
  no_standard: 'plain',
  missing: 'missing',
  no_provider: 'missing',
};

/** The value cell: the value with its unit, "sample" when it is one; missing shown as missing. */
export function valueCell(i: EvaluatedIndicator, lang: ReportLang): ReportCell {
  const w = wordsOf(lang);
  if (i.value === null) return { text: i.status === 'no_provider' ? pick(statusNames.no_provider, lang) : w.missingValue, tone: 'missing' };
  const text = withUnit(i.value, i.unit, lang);
  return i.source?.sample ? `${text} (${w.sample})` : text;
}

/** The standard as a rule (≥ 90%, ≤ 35 µg/m³, 30–40%), its tier, and its document's number in the sources. */
export function standardText(i: Pick<EvaluatedIndicator, 'standard' | 'direction' | 'unit'>, lang: ReportLang, docNumber?: number): string {
  const s = i.standard;
  if (!s) return '—';
  const rule =
    i.direction === 'within' && s.lower !== null && s.upper !== null
      ? `${num(s.lower, lang)}–${withUnit(s.upper, i.unit, lang)}`
      : s.target !== null
        ? `${i.direction === 'higher' ? '≥' : '≤'} ${withUnit(s.target, i.unit, lang)}`
        : '—';
  return `${rule} (${pick(tierNames[s.tier as keyof typeof tierNames] ?? { zh: s.tier, en: s.tier }, lang)})${docNumber ? ` [${docNumber}]` : ''}`;
}

/** The status cell: the status, and for a scored value the gap to the standard, coloured. */
export function statusCell(i: EvaluatedIndicator, lang: ReportLang): ReportCell {
  const name = pick(statusNames[i.status], lang);
  const gap = i.gap !== null && i.status !== 'met' ? ` ${signed(i.gap, lang)}` : '';
  return { text: `${name}${gap}`, tone: statusTone[i.status] };
}

/** The trend cell: the change since the previous year with data, judged by the indicator's direction. */
export function trendCell(i: EvaluatedIndicator, lang: ReportLang): ReportCell {
  const t = i.trend;
  if (!t) return { text: '—', tone: 'plain' };
  const judged = i.kind === 'context' ? '' : ` ${pick(trendNames[t.direction], lang)}`;
  const tone: Tone = i.kind === 'context' || t.direction === 'stable' ? 'plain' : t.direction === 'improving' ? 'good' : 'bad';
  return { text: `${signed(t.change, lang)}${judged} (${t.previousYear})`, tone };
}

/** The rank among siblings, `3/16`. */
export function rankText(i: EvaluatedIndicator): string {
  return i.rank ? `${i.rank.rank}/${i.rank.of}` : '—';
}

/** A date and time in the city's clock (UTC+8), `2026-11-29 09:30`. */
export function cityTime(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}
